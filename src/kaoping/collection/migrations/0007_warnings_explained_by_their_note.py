"""A warning is explained by its 说明, the one way (docs/spec.md §5.1, §16.4): a 表9 备注 no
longer counts as the 说明 of V09-BAL and V09-SEATS.

Campaigns keep the definition texts they were opened with; this drops the rules'
``explained_by`` (which the loader no longer reads) from every stored rules.yaml, and where
the texts are survey-2015@1's, words V09-BAL and V09-SEATS as definitions/survey-2015/v1 now
does ("请在说明中写明…"). Stored values and 说明 are not touched: a warning that only a 备注
answered now asks for its 说明 — before 上报 for a unit that has not submitted; a submission
made before stands, and its reviewers see the warning without a 说明 and the 备注 in its row.
"""

import hashlib
import json
import re

from django.db import migrations

EXPLAINED_BY = re.compile(r"^[ \t]*explained_by:[^\n]*\n", re.MULTILINE)
# (text before, text after) in survey-2015@1's rules.yaml, each made where it is found
WORDING = [
    (
        "    description: 人工接听量 + 自动语音量 + 放弃量 = 来电总量；不相等时须说明原因（填表说明 5）\n",
        "    description: 人工接听量 + 自动语音量 + 放弃量 = 来电总量；不相等时须在说明中写明原因（填表说明 5）\n",
    ),
    ("与来电总量 {calls} 不等，请说明原因\"\n", "与来电总量 {calls} 不等，请在说明中写明原因\"\n"),
    (
        "    description: 已开通12333 → 座席数 > 0（依托全省统一平台的地市须说明）\n",
        "    description: 已开通12333 → 座席数 > 0（依托全省统一平台的地市须在说明中写明）\n",
    ),
    ("如依托全省统一平台开展服务，请说明\"\n", "如依托全省统一平台开展服务，请在说明中写明\"\n"),
]


def rewritten(files):
    """The snapshot's texts without ``explained_by`` and with the new wording, or None when
    its rules.yaml has no ``explained_by`` (nothing to do)."""
    text = files.get("rules.yaml", "")
    if not EXPLAINED_BY.search(text):
        return None
    text = EXPLAINED_BY.sub("", text)
    for before, after in WORDING:
        text = text.replace(before, after, 1)
    return {**files, "rules.yaml": text}


def digest(files):
    return hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    Snapshot = apps.get_model("collection", "DefinitionSnapshot")
    Campaign = apps.get_model("collection", "Campaign")
    for snapshot in Snapshot.objects.all():
        files = rewritten(snapshot.files)
        if files is None:
            continue
        sha = digest(files)
        same = Snapshot.objects.filter(ref=snapshot.ref, sha256=sha).exclude(pk=snapshot.pk).first()
        if same is not None:  # the new texts are stored already: the campaigns use that one
            Campaign.objects.filter(snapshot=snapshot).update(snapshot=same)
            snapshot.delete()
        else:
            snapshot.files, snapshot.sha256 = files, sha
            snapshot.save(update_fields=["files", "sha256"])


class Migration(migrations.Migration):
    dependencies = [("collection", "0006_campaign_lock_at_deadline_extension")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
