from django.db import migrations, models


def fill_members(apps, schema_editor):
    """Existing campaigns keep the units below their organisation as they are now."""
    Campaign = apps.get_model("collection", "Campaign")
    Organisation = apps.get_model("orgs", "Organisation")
    for campaign in Campaign.objects.all():
        if campaign.members:
            continue
        below = Organisation.objects.filter(parent_id=campaign.org_id, active=True).order_by("position", "code")
        campaign.members = list(below.values_list("code", flat=True))
        campaign.save(update_fields=["members"])


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0002_initial"),
        ("orgs", "0003_tree_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="members",
            field=models.JSONField(blank=True, default=list, verbose_name="参与单位"),
        ),
        migrations.RunPython(fill_members, migrations.RunPython.noop),
    ]
