"""Fixtures of the evaluation tests: evidence stored in a temporary directory, an
evaluation campaign opened on the empty survey campaign with a few hand-set numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from tests.conftest import CLI, NANJING, PROVINCE, SUZHOU

from kaoping.collection.campaigns import set_base_figures
from kaoping.collection.models import Campaign
from kaoping.collection.services import save_table, table_version
from kaoping.evaluation.campaigns import EvaluationSpec, open_evaluation
from kaoping.evaluation.models import Submission


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    settings.EVIDENCE_DIR = folder
    return folder


@pytest.fixture
def evaluation(campaign: Campaign, personas) -> Campaign:
    """``test-eval``: Jiangsu's cities against rubric-jiangsu@1, linked to ``test-2015``.

    南京: 常住人口 100 万人 (持卡人数 target 100 × 0.6 = 60 万人), 表5 持卡人数 45 万人.
    苏州: 常住人口 200 万人, no survey data.
    """
    set_base_figures(
        CLI, campaign, {NANJING: {"population": Decimal(100)}, SUZHOU: {"population": Decimal(200)}}
    )
    version = table_version(campaign, NANJING, "T05")
    save_table(CLI, campaign, NANJING, "T05", {(NANJING, "holders"): "45"}, version, channel="cli")
    spec = EvaluationSpec(
        id="test-eval",
        org=PROVINCE,
        survey=campaign.pk,
        opens=date(2015, 9, 1),
        closes=date(2099, 12, 31),
        settings={"review_rule": "average"},
    )
    return open_evaluation(personas.province_admin, spec)


def submit_all(campaign: Campaign, orgs: list[str] | None = None) -> None:
    """Every city's (or ``orgs``') self-assessment marked submitted, as its 市负责人 would."""
    for org in campaign.members if orgs is None else orgs:
        Submission.objects.create(
            campaign=campaign, org_id=org, submitted_at=timezone.now(), submitted_by="cli"
        )
