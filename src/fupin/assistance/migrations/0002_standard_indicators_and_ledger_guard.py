"""The twelve standard indicators (DOMAIN.md §4.1, DESIGN.md "Indicator codes") and the
database guard that refuses to edit a ledger entry (corrections are reversing entries)."""

from django.db import migrations

STANDARD = (
    # code, name, English name, measure, unit label
    ("funds_invested", "直接投入帮扶资金", "Funds put in directly", "yuan", "元"),
    ("funds_introduced", "引进帮扶资金", "Funds brought in", "yuan", "元"),
    ("cadres_trained", "培训基层干部", "Grassroots cadres trained", "count", "人次"),
    ("technicians_trained", "培训技术人员", "Technicians trained", "count", "人次"),
    ("produce_bought", "购买农产品", "Produce bought", "yuan", "元"),
    ("produce_sold", "帮助销售农产品", "Produce sold with help", "yuan", "元"),
    ("jobs_direct", "直接带动就业", "Jobs created directly", "count", "人"),
    ("jobs_indirect", "间接带动就业", "Jobs created indirectly", "count", "人"),
    (
        "jobs_registered_poor",
        "带动建档立卡人员就业",
        "Jobs for registered poor people",
        "count",
        "人",
    ),
    ("students_recruited", "招收学生", "Students recruited", "count", "人"),
    ("graduates_hired", "招聘毕业生", "Graduates hired", "count", "人"),
    ("donations", "捐赠", "Donations", "yuan", "元"),
)

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
    Indicator = apps.get_model("assistance", "Indicator")
    for order, (code, name, name_en, measure, unit_label) in enumerate(STANDARD, start=1):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "measure": measure,
                "unit_label": unit_label,
                "standard": True,
                "order": order,
            },
        )


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
