"""Assistance imports started from the web run as jobs in the uploader's scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.assistance.factories import code, units

from fupin.accounts.models import User
from fupin.assistance.jobs import assistance_import_enqueue
from fupin.assistance.models import LedgerEntry
from fupin.core.errors import InvalidInput
from fupin.core.jobs import job_run_next

pytestmark = pytest.mark.django_db
HEADER = "编号,单位信用代码,日期,指标,数值\n"


def _upload(text):
    return SimpleUploadedFile("台账.csv", text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def unit_user():
    tree = units((1, "集团", None), (2, "子公司", 1), (9, "其他集团", None))
    user = User.objects.create_user("u", password="a-long-test-password", role="assisting_unit")
    user.units.set([tree[2]])
    return user


def test_a_unit_user_imports_the_ledger_of_own_units_only(unit_user):
    rows = f"W1,{code(2)},2020-01-01,donations,10\nW2,{code(9)},2020-01-01,donations,20\n"
    assistance_import_enqueue(
        upload=_upload(HEADER + rows), what="ledger", mode="strict", actor=unit_user
    )
    job = job_run_next()
    assert job.status == "failed" and job.result["errors"] == 1 and job.error_file
    assert not LedgerEntry.objects.exists()
    assistance_import_enqueue(
        upload=_upload(HEADER + rows), what="ledger", mode="skip-invalid", actor=unit_user
    )
    job = job_run_next()
    assert job.status == "done" and (job.result["created"], job.result["skipped"]) == (1, 1)
    assert list(LedgerEntry.objects.values_list("entry_id", "unit__name", "created_by")) == [
        ("W1", "子公司", unit_user.pk)
    ]


def test_units_and_pairings_are_imported_by_administrators(unit_user):
    with pytest.raises(InvalidInput, match="only administrators"):
        assistance_import_enqueue(
            upload=_upload("单位名称,统一社会信用代码\n"),
            what="units",
            mode="strict",
            actor=unit_user,
        )
    county = User.objects.create_user("c", password="a-long-test-password", role="county_office")
    with pytest.raises(InvalidInput, match="may not change"):
        assistance_import_enqueue(
            upload=_upload(HEADER), what="ledger", mode="strict", actor=county
        )
