"""表7 进展情况 is answered as 附表6's 是否上线 (是/否), as its 填写说明 4 says (docs/spec.md §16.4).

Campaigns of survey-2015@1 keep the definition texts they were opened with; this rewrites
those texts as definitions/survey-2015/v1 now reads (进展情况 a bool, the a/b/c code list
gone, V07-DATE judging 是/否) and maps the stored answers: a.已上线 → 是; b.在建 and
c.计划建设 → 否 (not yet in formal operation; the planned date stays in 上线日期). Text kept
as typed (an invalid answer) stays as it is. A snapshot whose texts are not the ones this
knows is left alone, with its campaigns' values.
"""

import hashlib
import json

from django.db import migrations

REF = "survey-2015@1"
ANSWERS = {"a": "true", "b": "false", "c": "false"}
# (file, text before, text after, needed): a snapshot lacking a needed text is not rewritten
EDITS = [
    (
        "T07.yaml",
        "      - {key: progress, label: 进展情况, type: code, codes: progress, date: 2015-06-30, help: a.已上线；b.在建；c.计划建设，并在“上线日期”填写实际或计划上线日期}\n",
        "      - {key: progress, label: 进展情况, type: bool, date: 2015-06-30, help: 即是否上线（同附表6）：系统是否正式运行，填写“是”或“否”}\n",
        True,
    ),
    (
        "survey.yaml",
        "  # 表7 进展情况: the seed gives no codes (its 填写说明 4 points at 表6's 是否上线, a column\n  # 表7 does not have). Answered with these choices plus a date column (docs/spec.md §16.4).\n  progress:\n    - {code: a, label: 已上线}\n    - {code: b, label: 在建}\n    - {code: c, label: 计划建设}\n",
        "",
        True,
    ),
    (
        "rules.yaml",
        "    check: \"progress_date <= date(2015, 6, 30) if progress == 'a' else progress_date > date(2015, 6, 30)\"\n",
        '    check: "progress_date <= date(2015, 6, 30) if progress else progress_date > date(2015, 6, 30)"\n',
        True,
    ),
    (
        "T07.yaml",
        "# 表7 — per city (and 省本级) a block of systems. The seed's 填写说明 4 says 是否上线 and\n# 是否统一软件 are filled as in 表6, but 表7 has neither column: it has 进展情况. Here\n# 进展情况 is answered with a.已上线 / b.在建 / c.计划建设, and progress_date (not printed\n# in the seed) gives the go-live date, actual or planned (docs/spec.md §16.4).\n",
        "# 表7 — per city (and 省本级) a block of systems. The seed's 填写说明 4 says 业务范围, 是否上线\n# and 是否统一软件 are filled as in 附表6; 表7 prints 进展情况 where 表6 has 是否上线, so\n# 进展情况 is answered as 表6's 是否上线: 是 or 否 (in formal operation), and progress_date\n# (not printed in the seed) gives the go-live date, actual or planned, as 表6's 上线日期\n# (docs/spec.md §16.4).\n",
        False,
    ),
    (
        "T07.yaml",
        "help: 已上线的填上线日期，在建或计划建设的填计划上线日期}",
        "help: 已上线的填上线日期，未上线的填计划上线日期}",
        False,
    ),
    (
        "rules.yaml",
        '    description: 进展情况 须填写（a.已上线 b.在建 c.计划建设）\n    message: "{row}：请填写进展情况（a.已上线 b.在建 c.计划建设）"\n',
        '    description: 进展情况 须填写“是”或“否”（即是否上线，填写方式同附表6，填写说明 4）\n    message: "{row}：请填写进展情况（是否上线：是/否）"\n',
        False,
    ),
    (
        "rules.yaml",
        '    description: 进展情况 = a.已上线 → 上线日期 ≤ 2015-06-30；b.在建 / c.计划建设 → 计划上线日期 > 2015-06-30\n    message: "{row}：进展情况为 {progress}，上线日期 {progress_date} 不符（已上线的应不晚于 2015-06-30，在建或计划建设的应晚于该日）"\n',
        '    description: 进展情况（是否上线）= 是 → 上线日期 ≤ 2015-06-30；= 否 → 计划上线日期 > 2015-06-30\n    message: "{row}：进展情况（是否上线）为“{progress}”，上线日期 {progress_date} 不符（已上线的应不晚于 2015-06-30，未上线的填晚于该日的计划日期）"\n',
        False,
    ),
]


def rewritten(files):
    """The snapshot's texts with the edits made, or None when a needed text is missing."""
    out = dict(files)
    for name, before, after, needed in EDITS:
        text = out.get(name, "")
        if before not in text:
            if needed:
                return None
            continue
        out[name] = text.replace(before, after, 1)
    return out


def digest(files):
    return hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    Snapshot = apps.get_model("collection", "DefinitionSnapshot")
    Campaign = apps.get_model("collection", "Campaign")
    Value = apps.get_model("collection", "Value")
    for snapshot in Snapshot.objects.filter(ref=REF):
        files = rewritten(snapshot.files)
        if files is None:
            continue
        campaigns = Campaign.objects.filter(snapshot=snapshot)
        for old, new in ANSWERS.items():
            found = Value.objects.filter(campaign__in=campaigns, table="T07", column="progress", valid=True)
            found.filter(text=old).update(text=new)
        sha = digest(files)
        same = Snapshot.objects.filter(ref=REF, sha256=sha).exclude(pk=snapshot.pk).first()
        if same is not None:  # the new texts are stored already: the campaigns use that one
            campaigns.update(snapshot=same)
            snapshot.delete()
        else:
            snapshot.files, snapshot.sha256 = files, sha
            snapshot.save(update_fields=["files", "sha256"])


class Migration(migrations.Migration):
    dependencies = [("collection", "0003_campaign_members")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
