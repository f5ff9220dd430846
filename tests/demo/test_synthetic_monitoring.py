"""The synthetic registry's monitoring years (2021–2026): a survey a year with claims,
compliant expenses and the disaster/accident flags, every status of the monitoring rules
among them, and the registry's years to 2020 exactly as without them."""

from collections import Counter

import pyarrow as pa

from fupin.demo import synthetic
from fupin.policy import evaluate
from fupin.policy.facts import FACTS_SCHEMA
from fupin.policy.regimes import regime_for_year

VILLAGES = [f"130727{100 + t:03d}{201 + v:03d}" for t in range(3) for v in range(8)]
YEARS = (2016, 2017, 2018, 2019, 2020)


def _plan(later=synthetic.MONITORING_YEARS, households=3000):
    return synthetic.Plan(
        county="130727",
        villages=VILLAGES,
        households=households,
        exit_year=2019,
        years=YEARS,
        later_years=later,
    )


def _facts(records):
    rows = []
    for record in records:
        for year, survey in record.surveys.items():
            rows.append(
                {
                    **{k: v for k, v in survey.items() if k in FACTS_SCHEMA.names},
                    "household_id": record.number,
                    "village_code": record.values["village_code"],
                    "year": year,
                    "members": len(record.members),
                    "registered_year": record.values.get("registered_year"),
                    "exit_year": record.values.get("exit_year"),
                }
            )
    return pa.Table.from_pylist(rows, schema=FACTS_SCHEMA)


def test_the_years_to_2020_do_not_change_with_the_monitoring_years():
    without = list(synthetic.generate(_plan(later=()), seed=7, people=synthetic._People()))
    with_later = list(synthetic.generate(_plan(), seed=7, people=synthetic._People()))
    assert [r.number for r in without] == [r.number for r in with_later]
    for plain, extended in zip(without, with_later, strict=True):
        assert plain.values == extended.values and plain.members == extended.members
        assert {y: extended.surveys[y] for y in YEARS} == plain.surveys
        assert sorted(extended.surveys) == [*YEARS, *synthetic.MONITORING_YEARS]


def test_every_monitoring_status_and_rule_occurs_each_year():
    records = list(synthetic.generate(_plan(), seed=7, people=synthetic._People()))
    survey = records[0].surveys[2023]
    assert {"claim_income", "compliant_expense", "disaster", "accident"} <= set(survey)
    facts = _facts(records)
    for year in synthetic.MONITORING_YEARS:
        result = evaluate(facts, year=year, regime=regime_for_year(year)).households
        statuses = Counter(result["status"].to_pylist())
        assert set(statuses) == {
            "unstable_exited",
            "exited",
            "marginal",
            "sudden_hardship",
            "not_poor",
        }, year
        # most households are not at risk; a few per cent are
        at_risk = statuses["unstable_exited"] + statuses["marginal"] + statuses["sudden_hardship"]
        assert 0.02 < at_risk / result.num_rows < 0.2, (year, statuses)
        fired = {r for reasons in result["reasons"].to_pylist() for r in reasons.split(";") if r}
        assert {"below_range", "rigid_expense", "disaster", "accident"} <= fired, year
        if year > 2021:
            assert "income_drop" in fired
