"""The suspect cell from the audit log (docs/spec.md §10.5): the cell of a sum the unit
changed last is named by the findings, the API and the page highlights it; the finding's
anchor (and so its 说明) stays at the total."""

from __future__ import annotations

import json

from kaoping.cli import main
from kaoping.collection import services
from kaoping.collection.campaigns import survey_for
from kaoping.core.workbook.layout import build_layout

NANJING = "320100"
CALLS = {"opened": "是", "calls": "100", "answered": "50", "voice": "30", "abandoned": "20"}


def save(campaign, user, cells):  # type: ignore[no-untyped-def]
    version = services.table_version(campaign, NANJING, "T09")
    changes = {(NANJING, column): text for column, text in cells.items()}
    return services.save_table(user, campaign, NANJING, "T09", changes, version)


def test_the_cell_changed_last_is_the_suspect_on_the_page_and_in_the_api(
    campaign, client_for, nanjing_reporter, capsys, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # a command closes them
    save(campaign, nanjing_reporter, CALLS)  # balanced: 50 + 30 + 20 = 100
    saved = save(campaign, nanjing_reporter, {"voice": "31"})
    (finding,) = [f for f in saved.findings if f.rule == "V09-BAL"]
    assert (finding.column, finding.suspect) == ("calls", (NANJING, "voice"))
    (listed,) = [f for f in services.findings_for(campaign, NANJING) if f.rule == "V09-BAL"]
    assert listed.suspect == (NANJING, "voice")

    client = client_for(nanjing_reporter)
    html = client.get(f"/c/{campaign.pk}/{NANJING}/T09/").content.decode()

    def cell(column: str) -> str:  # 南京's <td> of a column, up to its input
        return html.split(f'name="v:{NANJING}:{column}"')[0].rsplit("<td", 1)[1]

    voice, calls = cell("voice"), cell("calls")
    assert "suspect" in voice and "suspect" not in calls
    assert "应先核对：来电情况 › 自动语音量" in html  # the results below the table say so too
    body = client.get(f"/api/campaigns/{campaign.pk}/orgs/{NANJING}/findings").json()
    (api,) = [f for f in body["findings"] if f["rule"] == "V09-BAL"]
    assert (api["suspect"]["row"], api["suspect"]["column"], api["column"]) == (NANJING, "voice", "calls")

    # kaoping validate names it in the unit's workbook too
    main(["validate", "--campaign", campaign.pk, "--org", NANJING, "--format", "json"])  # 1: other tables
    (cli,) = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "V09-BAL"]
    layout = build_layout(survey_for(campaign), services.load_survey_data(campaign), NANJING)
    located = layout.locate(("T09", NANJING, "voice"))
    assert located is not None
    assert cli["suspect"] == {
        "row": NANJING,
        "column": "voice",
        "cell": located[0].address(located[1], located[2]),
    }

    save(campaign, nanjing_reporter, {"calls": "105"})  # the total typed last: the total
    (again,) = [f for f in services.findings_for(campaign, NANJING) if f.rule == "V09-BAL"]
    assert again.suspect == (NANJING, "calls")
