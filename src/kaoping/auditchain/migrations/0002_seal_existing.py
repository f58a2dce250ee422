from django.db import migrations

from kaoping.auditchain.backfill import seal_existing


class Migration(migrations.Migration):
    """Seal the audit rows written before the chain existed, oldest first."""

    dependencies = [
        ("auditchain", "0001_initial"),
        ("collection", "0009_audit_kept_keys"),
        ("evaluation", "0003_audit_kept_keys"),
        ("ops", "0005_audit_kept_keys"),
        ("orgs", "0005_audit_kept_configchange"),
        ("workflow", "0005_transition_kept_keys"),
    ]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
