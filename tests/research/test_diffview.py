"""The inline diff shows what changed at the scale it changed: a number, a character, a paragraph."""

from __future__ import annotations

from archive.diffview import inline_html, inline_ops


def test_a_changed_number_is_one_replaced_word():
    old = "各学校要做好招生工作，今年计划招收2000名新生，其余安排不变。\n第二段不变。"
    new = "各学校要做好招生工作，今年计划招收3000名新生，其余安排不变。\n第二段不变。"
    changed = [(op, text) for op, text in inline_ops(old, new) if op != "="]
    assert changed == [("-", "2000"), ("+", "3000")]


def test_chinese_is_compared_by_character_and_paragraphs_are_kept():
    ops = inline_ops("工作顺利。\n新增一段。", "工作很顺利。\n新增一段。\n附件：名单")
    assert ("+", "很") in ops
    assert any(op == "+" and "附件：名单" in text for op, text in ops)
    assert "".join(t for op, t in ops if op != "+") .startswith("工作顺利。")


def test_html_escapes_the_archived_text():
    out = inline_html("<script>a</script>", "<script>b</script>")
    assert "<script>" not in out and "&lt;script&gt;" in out and "<del>" in out and "<ins>" in out
