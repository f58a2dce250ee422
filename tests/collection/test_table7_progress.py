"""表7 进展情况 answered as 附表6's 是否上线 (是/否), docs/spec.md §16.4: the definition, the
checks, the template and the page take 是/否, and the data migration brings campaigns opened
with the earlier a.已上线 / b.在建 / c.计划建设 texts over — their stored answers too."""

from __future__ import annotations

import importlib
import io

import openpyxl
from django.apps import apps
from openpyxl.utils import get_column_letter

from kaoping.collection import services
from kaoping.collection.campaigns import definitions_root, snapshot_digest, survey_for
from kaoping.collection.models import Campaign, DefinitionSnapshot, ListRow, Value
from kaoping.core.definitions.loader import read_definition_texts
from kaoping.core.definitions.model import ColumnType
from kaoping.orgs.actors import cli_actor

MIGRATION = importlib.import_module("kaoping.collection.migrations.0004_table7_progress_yes_no")
NANJING = "320100"


def earlier_texts() -> dict[str, str]:
    """survey-2015@1 as it read before: 进展情况 with codes a/b/c (the migration's edits undone)."""
    files = read_definition_texts(definitions_root() / "survey-2015" / "v1")
    for name, before, after, _ in reversed(MIGRATION.EDITS):
        if after:
            assert after in files[name], name
            files[name] = files[name].replace(after, before, 1)
        else:
            files[name] = files[name].replace("  # 表8 服务渠道", before + "  # 表8 服务渠道", 1)
    return files


def answer(campaign: Campaign, key: str) -> tuple[str, bool]:
    value = Value.objects.get(campaign=campaign, table="T07", row=key, column="progress")
    return value.text, value.valid


def test_the_definition_asks_yes_or_no_and_checks_the_date_as_table6(campaign):  # type: ignore[no-untyped-def]
    column = survey_for(campaign).table("T07").column("progress")
    assert column.type is ColumnType.BOOL and column.label == "进展情况"
    user = cli_actor()
    key = services.add_list_row(user, campaign, NANJING, "T07", "systems", channel="cli").key
    version = services.table_version(campaign, NANJING, "T07")
    changes = {
        (key, "name"): "南京市就业信息系统",
        (key, "progress"): "是",
        (key, "progress_date"): "2016-01-01",
    }
    saved = services.save_table(user, campaign, NANJING, "T07", changes, version, channel="cli")
    assert answer(campaign, key) == ("true", True)
    # 是 (in operation) with a go-live date after 2015-06-30: V07-DATE, in 是/否 words
    (late,) = [f for f in saved.findings if f.rule == "V07-DATE"]
    assert "进展情况（是否上线）为“是”" in late.message
    version = services.table_version(campaign, NANJING, "T07")
    services.save_table(user, campaign, NANJING, "T07", {(key, "progress"): "否"}, version, channel="cli")
    assert answer(campaign, key) == ("false", True)


def test_the_migration_maps_earlier_answers_and_texts(campaign):  # type: ignore[no-untyped-def]
    earlier = DefinitionSnapshot.objects.create(
        ref="survey-2015@1", files=earlier_texts(), sha256=MIGRATION.digest(earlier_texts())
    )
    Campaign.objects.filter(pk=campaign.pk).update(snapshot=earlier)
    typed = {"s1": "a", "s2": "b", "s3": "c", "s4": "a.已上线"}  # the last kept as typed (invalid)
    for position, (key, text) in enumerate(typed.items()):
        ListRow.objects.create(
            campaign=campaign, org_id=NANJING, table="T07", section="systems", key=key, position=position
        )
        Value.objects.create(
            campaign=campaign,
            org_id=NANJING,
            table="T07",
            row=key,
            column="progress",
            text=text,
            valid=len(text) == 1,
        )

    MIGRATION.forwards(apps, None)

    assert [answer(campaign, k) for k in typed] == [
        ("true", True),
        ("false", True),
        ("false", True),
        ("a.已上线", False),
    ]
    campaign.refresh_from_db()
    # the campaign now reads the definition as it is on disk (one snapshot, not two)
    assert campaign.snapshot.sha256 == snapshot_digest("survey-2015@1")
    assert campaign.snapshot.files == read_definition_texts(definitions_root() / "survey-2015" / "v1")
    assert not DefinitionSnapshot.objects.filter(pk=earlier.pk).exists()
    assert survey_for(campaign).table("T07").column("progress").type is ColumnType.BOOL


def test_a_snapshot_the_migration_does_not_know_is_left_alone(campaign):  # type: ignore[no-untyped-def]
    files = {**earlier_texts(), "rules.yaml": "rules: []\n"}
    other = DefinitionSnapshot.objects.create(ref="survey-2015@1", files=files, sha256="x" * 64)
    Campaign.objects.filter(pk=campaign.pk).update(snapshot=other)
    ListRow.objects.create(campaign=campaign, org_id=NANJING, table="T07", section="systems", key="s1")
    Value.objects.create(
        campaign=campaign, org_id=NANJING, table="T07", row="s1", column="progress", text="a"
    )

    MIGRATION.forwards(apps, None)

    other.refresh_from_db()
    assert other.files == files and answer(campaign, "s1") == ("a", True)


def test_the_page_offers_yes_or_no_and_saves_it(campaign, client_for, nanjing_reporter):  # type: ignore[no-untyped-def]
    key = services.add_list_row(cli_actor(), campaign, NANJING, "T07", "systems", channel="cli").key
    client = client_for(nanjing_reporter)
    page = f"/c/{campaign.pk}/{NANJING}/T07/"
    html = client.get(page).content.decode()
    cell = html.split(f'name="v:{key}:progress"')[1].split("</select>")[0]
    assert ">是</option>" in cell and ">否</option>" in cell and "已上线" not in html
    version = services.table_version(campaign, NANJING, "T07")
    form = {"base_version": str(version), f"v:{key}:name": "南京市就业信息系统", f"v:{key}:progress": "true"}
    assert client.post(page + "save", form).status_code == 302
    assert answer(campaign, key) == ("true", True)


def test_the_template_offers_yes_or_no_and_imports_it(campaign, nanjing_reporter):  # type: ignore[no-untyped-def]
    from kaoping.core.workbook.layout import build_layout
    from kaoping.transfer import services as transfer
    from transfer.helpers import fill

    content, _ = transfer.template(nanjing_reporter, campaign, NANJING)
    layout = build_layout(survey_for(campaign), services.load_survey_data(campaign), NANJING)
    sheet = layout.sheet("表7")
    assert sheet is not None
    row = next(r.sheet_row for p in sheet.sections for r in p.rows if r.spare)
    typed = fill(content, {("表7", row, 1): "南京市就业信息系统", ("表7", row, 3): "是"})
    outcome = transfer.import_workbook(
        nanjing_reporter, campaign, NANJING, typed, "nj.xlsx", transfer.Mode.DRAFT
    )
    assert outcome.saved, outcome.not_saved_because  # a draft: 南京's other tables are still empty
    (new,) = outcome.result.new_rows
    assert answer(campaign, new.key) == ("true", True)
    assert [f.rule for f in outcome.result.findings if f.row == new.key] == []
    # the cell offers 是/否 in its drop-down, as 表6's 是否上线 does
    book = openpyxl.load_workbook(io.BytesIO(content))
    column = get_column_letter(4)
    lists = [
        v.formula1 for v in book["表7"].data_validations.dataValidation if f"{column}{row + 1}" in v.sqref
    ]
    assert lists and all("是" in x and "否" in x for x in lists)
