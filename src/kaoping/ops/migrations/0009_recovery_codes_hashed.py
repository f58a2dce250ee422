from django.db import migrations

from kaoping.ops.recovery import hash_stored


class Migration(migrations.Migration):
    """The recovery codes made before they were stored hashed: hashed in place (kaoping.ops.recovery).
    Undone, they stay hashed (a hash cannot be turned back into the code): people make new ones."""

    dependencies = [
        ("ops", "0008_unlock_change"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_stored, migrations.RunPython.noop)]
