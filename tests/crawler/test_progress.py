"""The progress board (rich): one line per portal with its counts, final counts kept."""

from __future__ import annotations

import io

from crawler.progress import ProgressBoard


def test_the_board_shows_each_portals_counts_and_leaves_the_final_counts_on_screen():
    out = io.StringIO()
    board = ProgressBoard(out, interval=0.05)
    board.console.width = 120
    board.add("qingyuan_edu")
    board.add("kaiping_edu")
    board.count("qingyuan_edu", pages=7, notices=5, nbytes=2_500_000)
    board.count("qingyuan_edu", pages=1, errors=1)
    board.finish("kaiping_edu")
    assert board.progress is not None  # one portal still crawling: the board stays live
    board.finish("qingyuan_edu")
    assert board.progress is None
    shown = out.getvalue()
    assert "qingyuan_edu  pages     8  notices     5  errors    1      2.5 MB" in shown
    assert "kaiping_edu  pages     0  notices     0  errors    0" in shown
    assert shown.rstrip().endswith("done")
