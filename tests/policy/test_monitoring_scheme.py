"""The monitoring scheme is data: cn-2021's object types, risks, measures, procedures and
elimination conditions, and cn-2026 extending it with one category more."""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

import pytest

from fupin.policy import PolicyError
from fupin.policy.regimes import _regime_data, _regime_from_data, load_regime


def test_cn_2021_holds_the_three_object_types_and_the_risks_of_100a27():
    scheme = load_regime("cn-2021").monitoring_scheme()
    assert [(o.code, o.name_zh, o.registered) for o in scheme.object_types] == [
        ("unstable_exited", "脱贫不稳定户", True),
        ("marginal", "边缘易致贫户", False),
        ("sudden_hardship", "突发严重困难户", None),
    ]
    assert [r.name_zh for r in scheme.risk_types] == [
        "因病", "因学", "因残", "因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳",
        "缺劳动力", "其他",
    ]  # fmt: skip
    assert scheme.max_risks == 5
    assert scheme.risk_type("disaster:flood").name_zh == "洪涝"
    assert "disaster:earthquake" in scheme.risk_codes() and len(scheme.risk_codes()) == 16
    with pytest.raises(PolicyError, match="unknown sub-type of disaster 'fire'"):
        scheme.risk_type("disaster:fire")
    assert scheme.measure_category("public_post").label("en") == "public-welfare post"


def test_the_procedures_and_the_elimination_conditions():
    scheme = load_regime("cn-2021").monitoring_scheme()
    steps = scheme.steps("identification")
    assert [s.name_zh for s in steps] == [
        "入户核实", "信息比对", "村级民主评议并公示", "乡级审核", "县级审批", "村内公告",
    ]  # fmt: skip
    assert steps[0].attachment == "承诺授权书"
    assert (steps[2].notice, steps[2].min_days) == ("publicity", 5)
    assert steps[4].roles == ("county_office",)
    assert [s.code for s in scheme.steps("elimination")][-2:] == ["county_approval", "announcement"]
    conditions = scheme.conditions
    assert (conditions.min_months, conditions.min_measures, conditions.never_without_labour) == (
        6,
        1,
        True,
    )
    assert scheme.working_days == 20
    regime = load_regime("cn-2021")
    assert regime.income_drop is not None and regime.income_drop.fraction == Fraction(3, 10)
    assert regime.rigid_expense is not None and regime.rigid_expense.comparison == ">"


def test_cn_2026_extends_the_scheme_one_level_deep():
    scheme = load_regime("cn-2026").monitoring_scheme()
    assert scheme.name_zh == "防止返贫致贫对象"
    assert scheme.object_types[-1].code == "low_income"
    # what cn-2026 does not write it takes from cn-2021
    assert scheme.risk_types == load_regime("cn-2021").monitoring_scheme().risk_types
    assert scheme.identification == load_regime("cn-2021").monitoring_scheme().identification
    assert [line.year for line in load_regime("cn-2026").lines] == [2026]


def test_a_poverty_line_regime_has_no_scheme():
    with pytest.raises(PolicyError, match="regime cn-2014 has no monitoring scheme"):
        load_regime("cn-2014").monitoring_scheme()


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(_regime_data("cn-2021"))
    change(data["scheme"])
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["identification"][2].update(notice="poster"), "publicity or announcement"),
        (lambda s: s["identification"][1].update(min_days=3), "min_days needs a notice"),
        (lambda s: s["identification"][0].update(roles=[]), "roles that record it"),
        (lambda s: s["object_types"].append(dict(s["object_types"][0])), "distinct codes"),
        (lambda s: s["risk_types"][0].update(code="因病"), "lower-case ascii"),
        (lambda s: s["elimination_conditions"].update(min_months=-1), "cannot be negative"),
        (lambda s: s.update(max_risks=0), "max_risks must be at least 1"),
    ],
)
def test_a_broken_scheme_is_refused_with_what_is_wrong(change, message):
    with pytest.raises(PolicyError, match=message):
        _regime_from_data(_broken(change))
