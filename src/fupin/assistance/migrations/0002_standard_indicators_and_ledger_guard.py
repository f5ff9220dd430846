"""The twelve standard indicators (DOMAIN.md §4.1, DESIGN.md "Indicator codes") and the
database guard that refuses to edit a ledger entry (corrections are reversing entries)."""

from django.db import migrations

from fupin.assistance.indicators import standard_indicators_ensure

SQLITE_GUARD = """
CREATE TRIGGER assistance_ledger_never_edited BEFORE UPDATE ON assistance_ledgerentry
BEGIN SELECT RAISE(ABORT, 'ledger entries are never edited; add a reversing entry'); END;
"""
POSTGRESQL_GUARD = """
CREATE FUNCTION assistance_ledger_never_edited() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'ledger entries are never edited; add a reversing entry'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assistance_ledger_never_edited BEFORE UPDATE ON assistance_ledgerentry
FOR EACH ROW EXECUTE FUNCTION assistance_ledger_never_edited();
"""


def indicators_add(apps, schema_editor):
    standard_indicators_ensure(apps.get_model("assistance", "Indicator"))


def guard_add(apps, schema_editor):
    sql = POSTGRESQL_GUARD if schema_editor.connection.vendor == "postgresql" else SQLITE_GUARD
    schema_editor.execute(sql)


def guard_remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER assistance_ledger_never_edited ON assistance_ledgerentry;"
            "DROP FUNCTION assistance_ledger_never_edited();"
        )
    else:
        schema_editor.execute("DROP TRIGGER assistance_ledger_never_edited;")


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_units_pairings_cadres_pledges_ledger")]

    operations = [
        migrations.RunPython(indicators_add, migrations.RunPython.noop),
        migrations.RunPython(guard_add, guard_remove),
    ]
