"""The one way a request reaches assessment: schemes are open to every user who may see a
unit (the unit itself is reached through `assistance.access`); a unit's own editors compute its
self assessment, and only administrators record the final grade the assessing body gave.

A responsibility assessment (of a province's departments or prefectures) is run by the office
of the scheme's region, which computes and records the final assessments; the subject's own
office (a prefecture's, a department's editors) sees its results and computes its self
assessment; no one else sees them."""

from __future__ import annotations

from typing import Any

from fupin.accounts.scope import scope_of
from fupin.assessment import selectors
from fupin.assessment.enums import RESPONSIBILITY, Subject
from fupin.assessment.models import Scheme
from fupin.assistance.access import NotAllowed
from fupin.assistance.enums import UnitKind
from fupin.assistance.models import Unit
from fupin.core.errors import NotFound
from fupin.regions.enums import Level
from fupin.regions.models import Region


def scheme_for(user: Any, pk: int) -> Scheme:
    """A scheme with its items and grades (schemes are public to logged-in users)."""
    scheme = (
        Scheme.objects.filter(pk=pk).prefetch_related("items", "grades").first()
        if user.is_authenticated
        else None
    )
    if scheme is None:
        raise NotFound(f"no scheme {pk}")
    return scheme


def may_record_final(user: Any) -> bool:
    return scope_of(user).everything


def final_check_allowed(user: Any) -> None:
    if not may_record_final(user):
        raise NotAllowed("only administrators record final grades")


# responsibility assessment of a province's departments and prefectures -----------------------


def may_assess(user: Any, scheme: Scheme) -> bool:
    """Whether the user assesses the subjects of a responsibility scheme: the office of the
    scheme's region (or one above it), and administrators."""
    scope = scope_of(user)
    if scheme.subject not in RESPONSIBILITY:
        return False
    return scope.everything or bool(
        scope.can_evaluate and scheme.region_id and scope.covers(scheme.region_id)
    )


def is_own(user: Any, subject: Unit | Region) -> bool:
    """Whether the subject is the user's own: the prefecture of a prefecture office, the
    department of a unit user (an administrator's too)."""
    scope = scope_of(user)
    if isinstance(subject, Region):
        return scope.everything or (scope.can_evaluate and subject.code in scope.regions)
    return scope.covers_unit(subject.path)


def may_see(user: Any, scheme: Scheme, subject: Unit | Region) -> bool:
    """A responsibility assessment is seen by those who assess it and by its subject (a
    prefecture office sees its own result, not another prefecture's)."""
    return may_assess(user, scheme) or is_own(user, subject)


def may_self_assess(user: Any, scheme: Scheme, subject: Unit | Region) -> bool:
    """The subject's own office computes its self assessment (a department: its editors)."""
    if scheme.subject not in RESPONSIBILITY or not is_own(user, subject):
        return False
    return isinstance(subject, Region) or scope_of(user).can_edit_assistance


def prefecture_for(user: Any, code: str) -> Region:
    """A prefecture the user's scope covers (the province's office, the prefecture's own)."""
    region = Region.objects.filter(code=code, level=Level.PREFECTURE).first()
    if region is None or not scope_of(user).covers(region.code):
        raise NotFound(f"no prefecture {code}")
    return region


def department_for(user: Any, pk: int) -> Unit:
    """A department (a government unit) the user may assess or see assessed: the user's own,
    or any for the office of a region with a department scheme, since units carry no region."""
    unit = Unit.objects.filter(pk=pk, kind=UnitKind.GOVERNMENT).first()
    if unit is None:
        raise NotFound(f"no department {pk}")
    if is_own(user, unit):
        return unit
    schemes = Scheme.objects.filter(subject=Subject.DEPARTMENT)
    if not any(may_assess(user, s) for s in schemes):
        raise NotFound(f"no department {pk}")
    return unit


def schemes_seen(user: Any, schemes: list[Scheme], subject: Unit | Region) -> list[Scheme]:
    return [s for s in schemes if may_see(user, s, subject)]


def responsibility_results_for(user: Any, year: int) -> list[selectors.Result]:
    """The year's responsibility assessments the user may see."""
    return [r for r in selectors.responsibility_results(year) if may_see(user, r.scheme, r.subject)]


def responsibility_list_allowed(user: Any) -> None:
    """The list is for the offices that assess and for the subjects' offices."""
    scope = scope_of(user)
    if not (scope.everything or scope.can_evaluate or scope.unit_paths):
        raise NotAllowed("your role has no responsibility assessment")
