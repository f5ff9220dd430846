"""Projects move forward through their lifecycle; approval waits for the public notice."""

import datetime as dt
from decimal import Decimal

import pytest
from tests.assistance.factories import pair, units

from fupin.assistance import services
from fupin.assistance.models import Project
from fupin.core.errors import InvalidInput
from fupin.core.models import Change

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


@pytest.fixture
def project():
    unit = units((1, "集团", None))[1]
    pair(unit, "130727")
    return Project.objects.create(
        code="P1", name="扶贫车间", kind="workshop", unit=unit, region_id="130727",
        budget=Decimal("1300000"), notice_start=D("2019-02-10"), notice_days=10,
    )  # fmt: skip


def test_approval_waits_for_the_notice_and_the_lifecycle_only_moves_forward(project):
    with pytest.raises(InvalidInput, match="the public notice runs until 2019-02-20"):
        services.project_advance(project=project, status="approved", on=D("2019-02-19"), actor=None)
    project.refresh_from_db()
    assert (project.status, project.approved_on, project.version) == ("planned", None, 1)
    services.project_advance(project=project, status="approved", on=D("2019-02-20"), actor=None)
    services.project_advance(
        project=project, status="under_construction", on=D("2019-03-01"), actor=None
    )
    with pytest.raises(InvalidInput, match="it only moves forward"):
        services.project_advance(project=project, status="approved", on=D("2019-03-02"), actor=None)
    project.refresh_from_db()
    assert (project.status, project.approved_on, project.started_on) == (
        "under_construction", D("2019-02-20"), D("2019-03-01"),
    )  # fmt: skip
    assert Change.objects.filter(subject="project").count() == 2


def test_a_project_never_noticed_is_not_approved(project):
    project.notice_start = None
    project.save()
    with pytest.raises(InvalidInput, match="has not been publicly noticed"):
        services.project_advance(project=project, status="approved", on=D("2020-01-01"), actor=None)


def test_ledger_amounts_follow_their_indicator(project):
    from fupin.assistance.models import Indicator, LedgerEntry

    jobs = Indicator.objects.get(code="jobs_direct")
    with pytest.raises(ValueError, match="whole numbers"):
        services.ledger_record(
            entry_id="J1", unit=project.unit, date=D("2020-01-01"), indicator=jobs, amount="1.5"
        )
    with pytest.raises(InvalidInput, match="above zero"):
        services.ledger_record(
            entry_id="J1", unit=project.unit, date=D("2020-01-01"), indicator=jobs, amount="0"
        )
    entry = services.ledger_record(
        entry_id="J1", unit=project.unit, date=D("2020-01-01"), indicator=jobs, amount="16",
        region="130727101", project=project,
    )  # fmt: skip
    assert (entry.amount, entry.project, LedgerEntry.objects.count()) == (
        Decimal("16.00"),
        project,
        1,
    )
    with pytest.raises(services.Conflict):
        services.ledger_record(
            entry_id="J1", unit=project.unit, date=D("2020-01-01"), indicator=jobs, amount="1"
        )
