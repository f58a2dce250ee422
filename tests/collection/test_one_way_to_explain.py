"""One way to explain a warning (issue 12, docs/spec.md §5.1): the 说明 written for it. A 表9
备注 is an ordinary remark; campaigns opened when a 备注 also counted (``explained_by``) are
brought over by a data migration, their values and 说明 untouched."""

from __future__ import annotations

import importlib

from django.apps import apps

from kaoping.collection import services
from kaoping.collection.campaigns import definitions_root, snapshot_digest, survey_for
from kaoping.collection.models import Campaign, DefinitionSnapshot
from kaoping.core.definitions.loader import read_definition_texts
from kaoping.orgs.actors import cli_actor

MIGRATION = importlib.import_module("kaoping.collection.migrations.0007_warnings_explained_by_their_note")
NANJING = "320100"
BALANCED = {
    (NANJING, "opened"): "true",
    (NANJING, "uses_system"): "true",
    (NANJING, "staff"): "40",
    (NANJING, "consultants"): "30",
    (NANJING, "seats"): "25",
    (NANJING, "calls"): "1000",
    (NANJING, "answered"): "600",
    (NANJING, "voice"): "300",
    (NANJING, "abandoned"): "100",
}


def earlier_texts() -> dict[str, str]:
    """survey-2015@1 as it read before: V09-BAL and V09-SEATS ``explained_by: remark``."""
    files = read_definition_texts(definitions_root() / "survey-2015" / "v1")
    text = files["rules.yaml"]
    for before, after in reversed(MIGRATION.WORDING):
        assert after in text
        text = text.replace(after, before, 1)
    for anchor in (
        "    suspects: [calls, answered, voice, abandoned]  # the total first\n",
        "    column: seats\n",
    ):
        assert text.count(anchor) == 1
        text = text.replace(anchor, anchor + "    explained_by: remark\n", 1)
    return {**files, "rules.yaml": text}


def save(campaign: Campaign, changes: dict[tuple[str, str], str]) -> list[str]:
    version = services.table_version(campaign, NANJING, "T09")
    saved = services.save_table(cli_actor(), campaign, NANJING, "T09", changes, version, channel="cli")
    return [f"{f.rule}:{f.explained}" for f in saved.findings if f.rule.startswith("V09-")]


def test_a_remark_does_not_explain_a_warning_its_note_does(campaign):  # type: ignore[no-untyped-def]
    # 600 + 300 + 100 = 1000; then 来电总量 1100 with a 备注 giving the reason
    assert save(campaign, BALANCED) == []
    found = save(campaign, {(NANJING, "calls"): "1100", (NANJING, "remark"): "100个来电转接省级平台"})
    assert found == ["V09-BAL:False"]
    (finding,) = [f for f in services.findings_for(campaign, NANJING) if f.rule == "V09-BAL"]
    assert finding.message.endswith("与来电总量 1100 不等，请在说明中写明原因")
    services.save_explanation(
        cli_actor(), campaign, NANJING, "V09-BAL", "T09", NANJING, "calls", "100个来电转接省级平台"
    )
    (finding,) = [f for f in services.findings_for(campaign, NANJING) if f.rule == "V09-BAL"]
    assert finding.explained


def test_the_migration_drops_the_remark_as_explanation_from_stored_texts(campaign):  # type: ignore[no-untyped-def]
    earlier = DefinitionSnapshot.objects.create(
        ref="survey-2015@1", files=earlier_texts(), sha256=MIGRATION.digest(earlier_texts())
    )
    Campaign.objects.filter(pk=campaign.pk).update(snapshot=earlier)

    MIGRATION.forwards(apps, None)

    campaign.refresh_from_db()
    # the campaign reads the definition as it is on disk (one snapshot, not two)
    assert campaign.snapshot.sha256 == snapshot_digest("survey-2015@1")
    assert campaign.snapshot.files == read_definition_texts(definitions_root() / "survey-2015" / "v1")
    assert not DefinitionSnapshot.objects.filter(pk=earlier.pk).exists()
    (seats,) = [r for r in survey_for(campaign).rules if r.id == "V09-SEATS"]
    assert seats.message.endswith("如依托全省统一平台开展服务，请在说明中写明")


def test_a_snapshot_without_explained_by_is_left_alone(campaign):  # type: ignore[no-untyped-def]
    before = (campaign.snapshot.pk, campaign.snapshot.sha256, campaign.snapshot.files)
    MIGRATION.forwards(apps, None)
    campaign.snapshot.refresh_from_db()
    assert (campaign.snapshot.pk, campaign.snapshot.sha256, campaign.snapshot.files) == before
