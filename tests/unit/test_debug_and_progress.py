"""The progress line without a network: none for a read of one request, and one counting every
region that is erased at the end (in a real process: tests/process/test_debug_and_progress.py)."""

from __future__ import annotations

import io

from pulumi_inspector_trial.cli.terminal import ProgressLine


def test_a_read_of_one_request_shows_no_progress():
    stream = io.StringIO()
    line = ProgressLine(stream, threshold=100, interval=0)
    line.advance(0, 100)
    line.advance(100, 0)
    line.clear()
    assert stream.getvalue() == ""


def test_the_progress_line_counts_every_region_and_is_erased():
    stream = io.StringIO()
    line = ProgressLine(stream, threshold=100, interval=0)
    line.advance(0, 150)  # one region
    line.advance(0, 150)  # another
    line.advance(100, 0)
    line.advance(150, 0)
    line.advance(50, 0)
    line.clear()
    assert stream.getvalue() == (
        "\rread 0 of 150 accounts\rread 0 of 300 accounts\rread 100 of 300 accounts"
        "\rread 250 of 300 accounts\rread 300 of 300 accounts\r\x1b[K"
    )
