"""Benchmark ``dashboard``: how fast the main pages answer with 1,000,000 households on
PostgreSQL (goal: 150 ms).

A scratch database gets Hebei and Hubei's division tree, a million households spread over
Hebei's villages (one member and one 2016 survey each, made with ``generate_series``) and the
stored 2016 evaluation; then the province dashboard, a county dashboard and the first page of
the household list (all, and filtered by status) are requested through Django's test client,
each 20 times after a warm-up, and the median is reported. There is no baseline: the figure
to beat is the goal.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from typing import Any

from bench.harness import run_measured
from bench.registry import Context, benchmark, note, report

HOUSEHOLDS = 1_000_000
PAGES = {
    "province": "/regions/13/?year=2016",
    "county": "/regions/130727/?year=2016",
    "households": "/households/",
    "households_poor": "/households/?year=2016&status=poor",
}
ADMIN_URL = os.environ.get("PG_BENCH_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _setup(url: str, data_dir: str) -> None:
    os.environ["FUPIN_DATABASE_URL"] = url
    os.environ["FUPIN_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    import django

    django.setup()
    from fupin.core.commands import ensure_migrated

    ensure_migrated()


def build(url: str, data_dir: str, households: int) -> dict[str, int]:
    """Regions, a million households with members and surveys, the stored evaluation."""
    _setup(url, data_dir)
    from django.db import connection

    from fupin.regions.services import regions_load
    from fupin.registry.evaluations import evaluation_store

    regions_load(only=["13", "42"])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code "
            "FROM regions_region WHERE level = 'village' AND code LIKE '13%%'"
        )
        cursor.execute("SELECT count(*) FROM v")
        (villages,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO registry_household (number, village_id, group_name, attribute, "
            "main_cause, other_causes, standard, registered_year, phone, housing_grade, "
            "is_relocated, is_military_family, is_only_child, is_two_daughters, "
            "in_cooperative, helper_name, helper_unit, helper_phone, helper_id_number, "
            "version, created_at, updated_at) "
            "SELECT v.code || lpad(g::text, 7, '0'), v.code, '', "
            "CASE WHEN g %% 3 = 0 THEN 'general' ELSE '' END, "
            "CASE WHEN g %% 3 = 0 THEN 'illness' ELSE '' END, '[]', 'national', "
            "CASE WHEN g %% 3 = 0 THEN 2014 END, '', '', false, false, false, false, false, "
            "'', '', '', '', 1, now(), now() "
            "FROM generate_series(0, %s - 1) g JOIN v ON v.i = g %% %s",
            [households, villages],
        )
        cursor.execute(
            "INSERT INTO registry_member (id_number, household_id, name, relation, sex, "
            "ethnicity, education, student_status, health, disability_certificate, "
            "labour_skill, updated_at) SELECT lpad(id::text, 18, '0'), id, '张三', 'head', "
            "'male', '汉族', '', '', '', '', '', now() FROM registry_household"
        )
        cursor.execute(
            "INSERT INTO registry_survey (household_id, year, wage_income, business_income, "
            "property_income, transfer_income, business_expense, food_clothing_ok, "
            "education_ok, medical_ok, housing_ok, water_ok, claim_income, "
            "compliant_expense, updated_at) "
            "SELECT id, 2016, (id % 5000) + 500, 0, 0, 0, 0, true, true, true, true, "
            "id % 7 <> 0, 0, 0, now() FROM registry_household"
        )
        cursor.execute("ANALYZE")
    stored = evaluation_store(year=2016)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"villages": villages, **stored}


def measure(url: str, data_dir: str, rounds: int = 20) -> dict[str, float]:
    """Median milliseconds of each page (after one warm-up request), as an administrator."""
    _setup(url, data_dir)
    from django.test import Client

    from fupin.accounts.models import User

    user = User.objects.create_user(
        f"bench-{uuid.uuid4().hex[:6]}", password="a-long-bench-password", role="administrator"
    )
    client = Client()
    client.force_login(user)
    out: dict[str, float] = {}
    for name, path in PAGES.items():
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = statistics.median(times)
    out["survey_edit"] = _survey_edits(rounds)
    return out


def _survey_edits(rounds: int) -> float:
    """Median milliseconds of a survey edit through the service: the write with its
    history, the household's evaluation and the figures of the five regions above it (the
    province's other villages read from their stored results)."""
    from decimal import Decimal

    from fupin.registry.models import Household
    from fupin.registry.services import survey_update

    times = []
    for i in range(rounds + 1):
        household = Household.objects.order_by("id")[i * 997]
        started = time.perf_counter()
        survey_update(
            household=household,
            year=2016,
            values={"wage_income": Decimal(100 + i)},
            expected_version=household.version,
            actor=None,
        )
        if i:  # the first is the warm-up
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _database(action: str, name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as con:
        if action == "create":
            con.execute(f'CREATE DATABASE "{name}"')
        else:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@benchmark("dashboard")
def dashboard(context: Context) -> bool:
    """The dashboard and household list with a million households on PostgreSQL."""
    try:
        import psycopg

        psycopg.connect(ADMIN_URL).close()
    except Exception as exc:  # no PostgreSQL here: say so, do not fail the other benchmarks
        note(f"dashboard: skipped, PostgreSQL not reachable at {ADMIN_URL} ({exc})")
        return True
    name = f"fupin_bench_{uuid.uuid4().hex[:8]}"
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    data_dir = str(context.scratch("dashboard"))
    _database("create", name)
    try:
        built = run_measured("bench.dashboard:build", url, data_dir, HOUSEHOLDS)
        note(
            f"dashboard: {built.result['households']:,} households evaluated in "
            f"{built.seconds:.1f}s ({built.result['villages']:,} villages)"
        )
        measured = run_measured("bench.dashboard:measure", url, data_dir)
    finally:
        _database("drop", name)
    pages: dict[str, Any] = dict(measured.result)
    edit = pages.pop("survey_edit")
    slowest = max(pages.values())
    report(
        "dashboard",
        households=built.result["households"],
        seconds=slowest / 1000,
        peak_mb=measured.peak_mb,
        **{f"{k}_ms": round(v, 1) for k, v in pages.items()},
        goal_ms=150,
        survey_edit_ms=round(edit, 1),
    )
    return True
