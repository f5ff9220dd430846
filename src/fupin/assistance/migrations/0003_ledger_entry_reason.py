"""A ledger entry's exception reason (例外原因): why its region may be one its unit is not
paired with. SQLite adds the column and the check by rebuilding the table, which drops the
trigger that refuses to edit an entry (0002): it is made again around the rebuild."""

from django.db import migrations, models

import fupin.core.constraints

SQLITE_GUARD = """
CREATE TRIGGER assistance_ledger_never_edited BEFORE UPDATE ON assistance_ledgerentry
BEGIN SELECT RAISE(ABORT, 'ledger entries are never edited; add a reversing entry'); END;
"""


def sqlite_guard_add(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS assistance_ledger_never_edited;")
        schema_editor.execute(SQLITE_GUARD)


def sqlite_guard_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS assistance_ledger_never_edited;")


class Migration(migrations.Migration):
    dependencies = [("assistance", "0002_standard_indicators_and_ledger_guard")]

    operations = [
        # the rebuilds below copy every row: the guard is dropped first, made again after
        migrations.RunPython(sqlite_guard_drop, sqlite_guard_add),
        migrations.AddField(
            model_name="ledgerentry",
            name="reason",
            field=models.CharField(
                blank=True,
                choices=[("consumption", "消费帮扶"), ("donation", "社会捐赠")],
                default="",
                max_length=20,
                verbose_name="例外原因",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=fupin.core.constraints.one_of("reason", ["", "consumption", "donation"]),
                name="ledger_reason",
            ),
        ),
        migrations.RunPython(sqlite_guard_add, sqlite_guard_drop),
    ]
