"""The progress board: lines redrawn in place, cleared before a log message."""

from __future__ import annotations

import io
import logging

from crawler.progress import PortalProgress, ProgressBoard


def test_the_board_redraws_its_lines_in_place_and_gets_out_of_the_way_of_log_messages():
    out = io.StringIO()
    board = ProgressBoard(out)
    qingyuan = board.portals["qingyuan_edu"] = PortalProgress("qingyuan_edu")
    board.portals["kaiping_edu"] = PortalProgress("kaiping_edu")
    board.draw()
    qingyuan.pages, qingyuan.notices = 7, 5
    board.draw()
    first, second = out.getvalue().split("\r", 1)[1].split("\x1b[2F", 1)  # up two lines, redraw
    assert "qingyuan_edu  pages     0" in first and "kaiping_edu " in first
    assert "qingyuan_edu  pages     7  notices     5  errors    0" in second

    record = logging.LogRecord("crawler", logging.WARNING, __file__, 1, "a warning", None, None)
    assert board.filter(record) is True
    assert out.getvalue().endswith("\x1b[2F\x1b[J")  # the board is wiped; the message goes there
    assert board.drawn == 0
