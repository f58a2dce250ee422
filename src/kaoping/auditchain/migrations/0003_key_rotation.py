from typing import Any

from django.db import migrations, models

from kaoping.auditchain.seal import key, key_id


def name_the_key(apps: Any, schema_editor: Any) -> None:
    """Entries and cuts sealed before keys had ids: sealed with the key configured now."""
    for label in ("Link", "Cut"):
        apps.get_model("auditchain", label).objects.filter(key="").update(key=key_id(key()))


class Migration(migrations.Migration):
    """Audit key rotation: each entry and cut names its key; rotations are chain entries."""

    dependencies = [("auditchain", "0002_seal_existing")]

    operations = [
        migrations.AddField(
            model_name="link",
            name="key",
            field=models.CharField(default="", max_length=16, verbose_name="密钥编号"),
        ),
        migrations.AddField(
            model_name="cut",
            name="key",
            field=models.CharField(default="", max_length=16, verbose_name="密钥编号"),
        ),
        migrations.CreateModel(
            name="KeyRotation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old", models.CharField(max_length=16, verbose_name="原密钥编号")),
                ("new", models.CharField(max_length=16, verbose_name="新密钥编号")),
                ("actor", models.CharField(max_length=150, verbose_name="操作人")),
                ("at", models.DateTimeField(verbose_name="时间")),
            ],
            options={"verbose_name": "审计密钥轮换", "verbose_name_plural": "审计密钥轮换"},
        ),
        migrations.RunPython(name_the_key, migrations.RunPython.noop),
    ]
