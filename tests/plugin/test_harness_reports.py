"""``run_preview`` reports a failed read once: to its caller. The Outputs of the failed resource
the program never awaited are not logged again by asyncio when they are collected."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

import pulumi
import pytest

from pulumi_inspector_trial import FreeTrialInfo
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT

NEVER_RETRIEVED = "Future exception was never retrieved"


def collect_failed_futures(text: str) -> list[asyncio.Future[Any]]:
    """The futures still holding an exception that says ``text`` and that nobody retrieved."""
    gc.collect()
    return [
        item
        for item in gc.get_objects()
        if isinstance(item, asyncio.Future)
        and item.done()
        and not item.cancelled()
        and getattr(item, "_log_traceback", False)
        and text in str(item.exception())
    ]


def report_as_collected(futures: list[asyncio.Future[Any]]) -> None:
    # What Future.__del__ does for a failed future nobody retrieved; called here so the test
    # does not depend on when the garbage collector gets to them.
    for future in futures:
        future.get_loop().call_exception_handler(
            {"message": NEVER_RETRIEVED, "exception": future.exception(), "future": future}
        )


def test_the_outputs_a_failed_read_leaves_behind_are_not_logged_again(preview, emulator, caplog):
    def program() -> Any:
        ids = pulumi.Output.secret([FRESH_ACCOUNT, NON_MEMBER_ACCOUNT])
        return FreeTrialInfo("trial", account_ids=ids, endpoint_url=emulator.endpoint_url).accounts

    with pytest.raises(Exception, match="could not be resolved") as raised:
        preview(program)
    left_behind = collect_failed_futures(str(raised.value))
    assert left_behind  # the read failed every Output; the program awaited one

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        report_as_collected(left_behind)
    assert NEVER_RETRIEVED not in caplog.text


def test_a_failure_nobody_was_told_of_is_still_logged(preview, emulator, caplog):
    def program() -> Any:
        lost = asyncio.get_event_loop().create_future()
        lost.set_exception(RuntimeError("a failure nobody awaited"))
        return FreeTrialInfo(
            "trial", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url
        ).region

    preview(program)
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        report_as_collected(collect_failed_futures("a failure nobody awaited"))
    assert "a failure nobody awaited" in caplog.text
