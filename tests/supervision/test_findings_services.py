"""The finding services: who sets, works, signs off and reopens a rectification task; the
refusals, each writing nothing; history rows and versions; overdue tasks."""

import datetime as dt

import pytest
from tests.supervision.finding_world import (
    COUNTY,
    DEADLINE,
    OTHER_COUNTY,
    chinese,  # noqa: F401 (autouse: reasons in Chinese)
    finding,
    region,
    submitted,
    task,
    upload,
    world_users,
)

from fupin.assistance.services import attachments_root
from fupin.core.errors import FieldInvalid, InvalidInput, NotAllowed
from fupin.core.models import Change
from fupin.supervision import findings
from fupin.supervision.enums import TaskStatus
from fupin.supervision.finding_selectors import overdue_for_region, overdue_for_unit
from fupin.supervision.models import Evidence, Finding, Rectification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_users()


def _state(t: Rectification) -> tuple:
    t.refresh_from_db()
    return (t.status, t.signed_off_on, t.signed_off_by_id, t.version, t.reopened, t.reopen_reason)


def _changes(t: Rectification) -> int:
    return Change.objects.filter(subject="rectification", subject_id=t.pk).count()


def test_a_task_goes_from_open_to_signed_off_with_history_and_versions(world):
    found = finding(actor=world.province)
    assert found.year == 2024 and found.version == 1
    t = task(found, actor=world.province)
    found.refresh_from_db()
    assert found.version == 2
    t = findings.rectification_update(task=t, measures="调整帮扶措施", actor=world.county)
    evidence = findings.evidence_add(task=t, upload=upload(), note="整改报告", actor=world.county)
    assert evidence.name == "整改报告.pdf"
    assert (attachments_root() / evidence.path).read_bytes() == b"%PDF-1.4 report"
    assert evidence.path.startswith(f"supervision/{t.pk}/")
    t = findings.rectification_submit(task=t, on=dt.date(2024, 5, 1), actor=world.county)
    assert (t.status, t.submitted_on) == (TaskStatus.SUBMITTED, dt.date(2024, 5, 1))
    t = findings.rectification_sign_off(task=t, on=dt.date(2024, 5, 10), actor=world.province)
    assert t.status == TaskStatus.SIGNED_OFF
    assert (t.signed_off_on, t.signed_off_by) == (dt.date(2024, 5, 10), world.province)
    assert t.version == 5  # created 1, measures, evidence, submitted, signed off
    keys = [  # as sets: PostgreSQL's jsonb keeps its own key order
        set(c.changes)
        for c in Change.objects.filter(subject="rectification", subject_id=t.pk).order_by("pk")
    ]
    assert keys == [
        {"created", "owner", "requirement", "deadline"},
        {"measures"},
        {"evidence"},
        {"status", "submitted_on"},
        {"status", "signed_off_on"},
    ]
    assert Change.objects.filter(subject="finding", subject_id=found.pk).count() == 2


def test_sign_off_without_evidence_is_refused_and_nothing_changes(world):
    t = submitted(evidence=False)
    before, history = _state(t), _changes(t)
    with pytest.raises(InvalidInput) as caught:
        findings.rectification_sign_off(task=t, actor=world.province)
    assert "没有佐证材料" in caught.value.message
    assert _state(t) == before
    assert before[0] == TaskStatus.SUBMITTED
    assert _changes(t) == history


def test_sign_off_by_one_who_is_not_the_issuer_is_refused(world):
    t = submitted()
    before, history = _state(t), _changes(t)
    for outsider in (world.other, world.group):
        with pytest.raises(NotAllowed) as caught:
            findings.rectification_sign_off(task=t, actor=outsider)
        assert caught.value.message == "只有督办单位才能销号"
    assert _state(t) == before and _changes(t) == history


def test_the_owner_does_not_sign_off_its_own_task(world):
    # the county issues a self-check finding about itself and owns its task
    found = finding(source="self_check", issuer_region=region(COUNTY), actor=world.county)
    t = submitted(found)
    before = _state(t)
    with pytest.raises(NotAllowed) as caught:
        findings.rectification_sign_off(task=t, actor=world.county)
    assert caught.value.message == "责任单位不能为自己的整改任务销号"
    assert _state(t) == before
    # the offices above (whose scope covers the county) and administrators may
    signed = findings.rectification_sign_off(task=t, actor=world.prefecture)
    assert signed.status == TaskStatus.SIGNED_OFF


def test_an_administrator_signs_off_as_well(world):
    t = submitted()
    assert findings.rectification_sign_off(task=t, actor=world.admin).signed_off_by == world.admin


def test_only_a_task_reported_done_is_signed_off(world):
    t = task(finding())
    findings.evidence_add(task=t, upload=upload(), actor=world.county)
    before = _state(t)
    with pytest.raises(InvalidInput) as caught:
        findings.rectification_sign_off(task=t, actor=world.province)
    assert "待销号" in caught.value.message
    assert _state(t) == before


def test_reopening_needs_a_reason_and_keeps_it(world):
    t = submitted()
    t = findings.rectification_sign_off(task=t, on=dt.date(2024, 5, 2), actor=world.province)
    before, history = _state(t), _changes(t)
    for blank in ("", "   "):
        with pytest.raises(FieldInvalid) as caught:
            findings.rectification_reopen(task=t, reason=blank, actor=world.province)
        assert caught.value.field == "reason"
        assert caught.value.message == "重新整改须说明原因"
    assert _state(t) == before and _changes(t) == history
    with pytest.raises(NotAllowed):
        findings.rectification_reopen(task=t, reason="回头看发现问题反弹", actor=world.county)
    assert _state(t) == before
    t = findings.rectification_reopen(task=t, reason="回头看发现问题反弹", actor=world.province)
    assert (t.status, t.reopened, t.reopen_reason) == (TaskStatus.OPEN, 1, "回头看发现问题反弹")
    assert (t.signed_off_on, t.signed_off_by, t.submitted_on) == (None, None, None)
    last = Change.objects.filter(subject="rectification", subject_id=t.pk).latest("pk")
    assert last.changes["reopen_reason"] == ["", "回头看发现问题反弹"]
    assert last.changes["status"] == ["signed_off", "open"]
    with pytest.raises(InvalidInput):  # open already
        findings.rectification_reopen(task=t, reason="再次", actor=world.province)
    assert Rectification.objects.get(pk=t.pk).reopened == 1


def test_a_signed_off_task_takes_no_more_measures_or_evidence(world):
    t = findings.rectification_sign_off(task=submitted(), actor=world.province)
    before, files = _state(t), Evidence.objects.count()
    with pytest.raises(InvalidInput):
        findings.rectification_update(task=t, measures="补充", actor=world.county)
    with pytest.raises(InvalidInput):
        findings.evidence_add(task=t, upload=upload("补充.pdf"), actor=world.county)
    assert _state(t) == before and Evidence.objects.count() == files
    assert not list((attachments_root() / f"supervision/{t.pk}").glob("*补充*"))


def test_submitting_needs_the_measures_and_the_owner(world):
    t = task(finding())
    before = _state(t)
    with pytest.raises(FieldInvalid) as caught:
        findings.rectification_submit(task=t, actor=world.county)
    assert caught.value.field == "measures"
    with pytest.raises(NotAllowed):
        findings.rectification_update(task=t, measures="调整", actor=world.other)
    with pytest.raises(NotAllowed):
        findings.evidence_add(task=t, upload=upload(), actor=world.other)
    assert _state(t) == before and not Evidence.objects.exists()


def test_evidence_of_a_kind_not_kept_is_refused_with_nothing_written(world):
    t = task(finding())
    before = _state(t)
    with pytest.raises(FieldInvalid) as caught:
        findings.evidence_add(task=t, upload=upload("run.exe", b"MZ"), actor=world.county)
    assert caught.value.field == "file"
    assert _state(t) == before and not Evidence.objects.exists()
    assert not (attachments_root() / "supervision").exists()


def test_a_finding_is_recorded_in_the_name_of_the_users_own_office_only(world):
    count = Finding.objects.count()
    with pytest.raises(NotAllowed):
        finding(actor=world.county)  # issuer: the province
    with pytest.raises(NotAllowed):
        finding(actor=world.other, issuer_region=region(COUNTY))
    with pytest.raises(FieldInvalid) as caught:
        finding(actor=world.province, region=None)
    assert caught.value.field == "region"
    with pytest.raises(FieldInvalid) as caught:
        finding(actor=world.province, source="rumour")
    assert caught.value.field == "source" and "巡视" in caught.value.message
    with pytest.raises(FieldInvalid) as caught:
        finding(actor=world.province, found_on=dt.date.today() + dt.timedelta(days=2))
    assert caught.value.field == "found_on"
    assert Finding.objects.count() == count
    assert not Change.objects.filter(subject="finding").exists()
    # a unit issues a finding about its subsidiary; the subsidiary owns the task
    own = finding(
        actor=world.group,
        source="self_check",
        region=None,
        unit=world.subsidiary_unit,
        issuer_region=None,
        issuer_unit=world.group_unit,
    )
    t = task(own, actor=world.group, owner_region=None, owner_unit=world.subsidiary_unit)
    t = findings.rectification_update(task=t, measures="完善制度", actor=world.subsidiary)
    findings.evidence_add(task=t, upload=upload(), actor=world.subsidiary)
    t = findings.rectification_submit(task=t, actor=world.subsidiary)
    with pytest.raises(NotAllowed):
        findings.rectification_sign_off(task=t, actor=world.subsidiary)
    assert findings.rectification_sign_off(task=t, actor=world.group).status == "signed_off"


def test_a_task_is_set_by_the_issuer_only_and_not_due_before_the_finding(world):
    found = finding()
    with pytest.raises(NotAllowed):
        task(found, actor=world.county)
    with pytest.raises(FieldInvalid) as caught:
        task(found, actor=world.province, deadline=dt.date(2024, 2, 1))
    assert caught.value.field == "deadline"
    with pytest.raises(FieldInvalid) as caught:
        task(found, actor=world.province, owner_region=None)
    assert caught.value.field == "owner_region"
    assert not Rectification.objects.exists()
    found.refresh_from_db()
    assert found.version == 1


def test_overdue_is_not_signed_off_and_past_its_deadline(world):
    late = task(finding())
    other = task(finding(region=region(OTHER_COUNTY)), owner_region=region(OTHER_COUNTY))
    done = findings.rectification_sign_off(task=submitted(), actor=world.province)
    reported = submitted()  # reported done, not signed off: still overdue
    unit_task = task(finding(), owner_region=None, owner_unit=world.subsidiary_unit)
    after = DEADLINE + dt.timedelta(days=1)
    county = overdue_for_region(COUNTY, after)
    assert county.count == 2
    assert {t.pk for t in county.tasks} == {late.pk, reported.pk}
    assert overdue_for_region(COUNTY, DEADLINE).count == 0  # due that day: not overdue yet
    assert overdue_for_region("1307", after).count == 2  # the prefecture above
    assert overdue_for_region("13", after).count == 3
    assert [t.pk for t in overdue_for_region(OTHER_COUNTY, after).tasks] == [other.pk]
    assert done.pk not in {t.pk for t in overdue_for_region("13", after).tasks}
    assert [t.pk for t in overdue_for_unit(world.group_unit, after).tasks] == [unit_task.pk]
    assert overdue_for_unit(world.subsidiary_unit, after).count == 1
