"""A worker's start warms what its jobs read (``JobKind.warm``, ``kaoping worker``): the bulk
import's warm-up reads each open survey's definition before the first workbook needs it, and a
warm-up that fails is logged without stopping the worker or the other kinds' warm-ups."""

from __future__ import annotations

import logging

import pytest

from kaoping.collection import campaigns
from kaoping.core.definitions import loader
from kaoping.jobs import kinds
from kaoping.jobs.kinds import JobKind
from kaoping.transfer import bulkjobs


def _kind(name: str, warm) -> JobKind:  # type: ignore[no-untyped-def]
    return JobKind(name, check=lambda *_: None, order=lambda *_: None, build=lambda *_: None, warm=warm)  # type: ignore[arg-type,return-value]


def test_a_failing_warm_up_is_logged_and_the_others_still_run(monkeypatch, caplog):
    warmed: list[str] = []

    def broken() -> None:
        raise RuntimeError("definition unreadable")

    fake = {"a": _kind("a", broken), "b": _kind("b", lambda: warmed.append("b")), "c": _kind("c", None)}
    monkeypatch.setattr(kinds, "KINDS", fake)
    with caplog.at_level(logging.ERROR, logger="kaoping.jobs"):
        kinds.warm_all()
    assert warmed == ["b"]
    assert "warming a failed" in caplog.text and "definition unreadable" in caplog.text


@pytest.mark.django_db
def test_the_bulk_warm_up_reads_the_open_surveys_definition_once(demo, monkeypatch):
    reads: list[str] = []
    real = loader.load_survey_from_texts

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(kwargs.get("source", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(campaigns, "load_survey_from_texts", counted)
    monkeypatch.setattr(campaigns, "_SURVEYS", {})  # a worker just started: nothing read yet
    bulkjobs.warm()
    assert len(reads) == 1  # the demo's open survey (its evaluation is not a survey)
    survey = campaigns.survey_for(campaigns.Campaign.objects.get(pk="demo-2015"))
    assert len(reads) == 1 and survey.tables  # the first job finds it read
