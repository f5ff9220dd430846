"""The item-source check again, with `rectification` in place of `rectifications_closed`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessment", "0005_rectification_item_source")]

    operations = [
        migrations.AddConstraint(
            model_name="item",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("source", "target_completion"),
                    ("source", "projects_on_schedule"),
                    ("source", "cadres_in_post"),
                    ("source", "rectification"),
                    ("source", "scored"),
                    _connector="OR",
                ),
                name="item_source",
            ),
        ),
    ]
