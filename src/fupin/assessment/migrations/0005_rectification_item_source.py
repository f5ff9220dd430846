"""Items of the placeholder source `rectifications_closed` become `rectification` (问题整改完成率,
computed from the findings' rectification tasks); reversible."""

from django.db import migrations


def forwards(apps, schema_editor):
    Item = apps.get_model("assessment", "Item")
    Item.objects.filter(source="rectifications_closed").update(source="rectification")


def backwards(apps, schema_editor):
    Item = apps.get_model("assessment", "Item")
    Item.objects.filter(source="rectification").update(source="rectifications_closed")


class Migration(migrations.Migration):
    dependencies = [("assessment", "0004_scheme_subjects_and_region_assessments")]

    operations = [migrations.RunPython(forwards, backwards)]
