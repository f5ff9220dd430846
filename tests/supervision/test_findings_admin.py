"""The admin reads findings and tasks; a correction of a task's words leaves a history row
and a new version; nothing is added, deleted or signed off there."""

import pytest
from django.test import Client
from tests.supervision.finding_world import (
    chinese,  # noqa: F401 (autouse: reasons in Chinese)
    finding,
    submitted,
)

from fupin.accounts.models import User
from fupin.core.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    root = User.objects.create_superuser("root", password="a-long-test-password")
    client = Client()
    client.force_login(root)
    return client


def test_the_admin_reads_findings_and_corrects_a_tasks_words_with_history(admin_client):
    t = submitted(finding())
    assert admin_client.get("/admin/supervision/finding/").status_code == 200
    assert admin_client.get(f"/admin/supervision/finding/{t.finding_id}/change/").status_code == 200
    assert admin_client.get("/admin/supervision/finding/add/").status_code == 403
    url = f"/admin/supervision/rectification/{t.pk}/change/"
    assert admin_client.get(url).status_code == 200
    answer = admin_client.post(
        url,
        {
            "requirement": "逐户核实并建立台账",
            "deadline": "2024-07-31",
            "status": "signed_off",  # read-only: ignored
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "1",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
            "evidence-0-id": str(t.evidence.get().pk),
            "evidence-0-task": str(t.pk),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    before = t.version
    t.refresh_from_db()
    assert (t.requirement, str(t.deadline), t.status) == (
        "逐户核实并建立台账",
        "2024-07-31",
        "submitted",
    )
    assert t.version == before + 1
    last = Change.objects.filter(subject="rectification", subject_id=t.pk).latest("pk")
    assert set(last.changes) == {"requirement", "deadline"}
    assert admin_client.post(f"/admin/supervision/rectification/{t.pk}/delete/").status_code == 403
