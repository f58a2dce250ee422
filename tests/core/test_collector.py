"""core.collector.paused: the cyclic collector off inside, back as it was after (docs/reports.md)."""

import gc

import pytest

from kaoping.core import collector


def test_paused_restores_the_collector_after_nesting_and_errors() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector.paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_process_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_province_summary_leaves_no_cyclic_garbage() -> None:
    """What makes pausing the collector safe and cheap: a summary's objects are all freed by
    reference counting (a comprehension's loop once made a cycle that kept the province's
    values alive until the collector ran)."""
    from indicator_helpers import SURVEY
    from test_national import hubei

    from kaoping.core.national.summary import province_summary

    data = hubei()
    gc.collect()
    with collector.paused():
        province_summary(SURVEY, data)
        assert gc.collect() == 0
