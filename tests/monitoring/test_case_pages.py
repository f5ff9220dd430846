"""The case pages: the list with its filters, the report, the case with its next step's form,
notices, objections, measures and risk elimination; errors on the form, never a 500; 403 or
404 outside the user's village."""

import copy
import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from tests.monitoring.case_world import (
    IDENTIFIED,
    REPORTED,
    chinese,  # noqa: F401 (an autouse fixture: reasons in Chinese)
    household_rows,
    households_import,
    identify,
    report,
    user,
    world_users,
)

from fupin.core.models import Change
from fupin.monitoring import cases
from fupin.monitoring.enums import Phase
from fupin.monitoring.models import Case, Measure, Objection, Step

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_people(module_rows, django_db_blocker, tmp_path_factory):
    """The households and users, imported once for the module's tests."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        from tests.monitoring.case_world import other_village

        households_import(
            tmp_path_factory.mktemp("registry"),
            [
                *household_rows("H1"),
                *household_rows("H2"),
                *household_rows("Z1", village=other_village()),
            ],
        )
        return world_users()


@pytest.fixture
def people(module_people, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return copy.deepcopy(module_people)


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def _text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_cadre_reports_a_household_on_the_page(people):
    client = _client(people.village)
    page = client.get("/monitoring/cases/new/?household=H1&risk=illness")
    assert page.status_code == 200
    assert 'value="H1"' in page.content.decode()
    response = client.post(
        "/monitoring/cases/new/",
        {
            "household": "H1",
            "channel": "self_report",
            "report_way": "12317",
            "object_type": "unstable_exited",
            "risks": ["illness", "disaster:flood"],
            "summary": "户主住院",
            "reported_on": "2024-01-08",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/monitoring/cases/{case.pk}/"
    assert (case.risks, case.reported_by, case.phase) == (
        ["illness", "disaster:flood"],
        people.village,
        Phase.IDENTIFYING,
    )
    shown = _text(client.get(f"/monitoring/cases/{case.pk}/"))
    assert "因病、因自然灾害（洪涝）" in shown
    assert "下一步 · 识别纳入 · 入户核实" in shown
    assert "附件（承诺授权书）" in shown
    assert "2024-02-05" in shown  # 20 working days after Monday 8 January


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"household": "Z1"}, "household", "没有户 Z1"),
        ({"household": "NOPE"}, "household", "没有户 NOPE"),
        ({"report_way": ""}, "report_way", "农户自主申报须填写申报方式"),
        ({"object_type": "marginal"}, "object_type", "边缘易致贫户 只适用于未建档立卡的农户"),
        (
            {"risks": ["illness", "schooling", "disability", "accident", "other", "disaster"]},
            "risks",
            "风险类型 6 项，最多 5 项",
        ),
        ({"reported_on": "2019-01-08"}, "reported_on", "2019 年没有防止返贫监测政策"),
    ],
)
def test_a_bad_report_is_shown_on_the_form_and_writes_nothing(people, values, field, message):
    data = {
        "household": "H1",
        "channel": "self_report",
        "report_way": "oral",
        "object_type": "unstable_exited",
        "risks": ["illness"],
        "reported_on": "2024-01-08",
    } | values
    response = _client(people.village).post("/monitoring/cases/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert not Case.objects.exists()


def test_a_second_open_case_is_refused_on_the_form(people):
    report("H1", actor=people.village)
    response = _client(people.village).post(
        "/monitoring/cases/new/",
        {
            "household": "H1",
            "channel": "cadre_sweep",
            "object_type": "unstable_exited",
            "risks": ["illness"],
            "reported_on": "2024-02-01",
        },
    )
    assert response.status_code == 400
    assert "户 H1 已有未结束的监测记录（2024-01-08 发现，识别中），不能重复纳入" in _text(response)
    assert Case.objects.count() == 1


def _step(client, case, code, day, **extra):
    return client.post(
        f"/monitoring/cases/{case.pk}/",
        {"action": "step", "code": code, "done_on": day, "result": "passed", "note": ""} | extra,
    )


def test_the_walk_through_the_pages_to_elimination(people):
    village, township, county = (
        _client(p) for p in (people.village, people.township, people.county)
    )
    case = report("H1", actor=people.village)
    # the home visit needs its attachment: shown on the form, nothing written
    refused = _step(village, case, "home_visit", "2024-01-09")
    assert refused.status_code == 400
    assert "“入户核实”须上传附件（承诺授权书）" in _text(refused)
    assert not Step.objects.exists()
    upload = SimpleUploadedFile("承诺授权书.pdf", b"%PDF-1.4 signed")
    assert _step(village, case, "home_visit", "2024-01-09", attachment=upload).status_code == 302
    step = Step.objects.get()
    download = village.get(f"/monitoring/cases/{case.pk}/steps/{step.pk}/attachment")
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    )
    # the village cadre may not compare data: 403, nothing written
    assert _step(village, case, "data_comparison", "2024-01-10").status_code == 403
    assert _step(township, case, "data_comparison", "2024-01-10").status_code == 302
    assert _step(village, case, "village_appraisal", "2024-01-11").status_code == 302
    page = _text(township.get(f"/monitoring/cases/{case.pk}/"))
    assert "公示 00001 村级民主评议并公示 2024-01-11 5 2024-01-16" in page.replace("H1", "00001")
    early = _step(township, case, "township_review", "2024-01-15")
    assert early.status_code == 400
    assert "公示已进行 4 天，需满 5 天；2024-01-16 起方可进行下一步" in _text(early)
    notice = case.notices.get()
    assert (
        village.post(
            f"/monitoring/cases/{case.pk}/",
            {
                "action": "objection",
                "notice": notice.pk,
                "text": "收入有隐瞒",
                "raised_on": "2024-01-12",
            },
        ).status_code
        == 302
    )
    blocked = _step(township, case, "township_review", "2024-01-16")
    assert "公示期间 2024-01-12 提出的异议尚未处理" in _text(blocked)
    objection = Objection.objects.get()
    assert (
        township.post(
            f"/monitoring/cases/{case.pk}/",
            {
                "action": "resolve",
                "objection": objection.pk,
                "resolution": "经核实不成立",
                "resolved_on": "2024-01-15",
            },
        ).status_code
        == 302
    )
    assert _step(township, case, "township_review", "2024-01-16").status_code == 302
    assert _step(county, case, "county_approval", "2024-01-20").status_code == 302
    assert _step(village, case, "announcement", "2024-01-22").status_code == 302
    case.refresh_from_db()
    assert (case.phase, case.identified_on) == (Phase.MONITORING, IDENTIFIED)
    # a measure, then elimination refused before six months, then allowed
    assert (
        village.post(
            f"/monitoring/cases/{case.pk}/",
            {
                "action": "measure",
                "category": "employment",
                "content": "公益岗位护林员",
                "start_on": "2024-02-01",
                "responsible": "李四",
            },
        ).status_code
        == 302
    )
    assert Measure.objects.get().responsible == "李四"
    early = village.post(
        f"/monitoring/cases/{case.pk}/", {"action": "eliminate", "done_on": "2024-07-19"}
    )
    assert early.status_code == 302
    shown = _text(village.get(f"/monitoring/cases/{case.pk}/"))
    assert (
        "上次风险消除未通过，原因： 自识别纳入（2024-01-20）至 2024-07-19 为 5 个月 29 天" in shown
    )
    assert (
        village.post(
            f"/monitoring/cases/{case.pk}/", {"action": "eliminate", "done_on": "2024-07-22"}
        ).status_code
        == 302
    )
    for client, code, day in (
        (village, "village_appraisal", "2024-07-23"),
        (township, "township_review", "2024-07-29"),
        (county, "county_approval", "2024-07-30"),
        (village, "announcement", "2024-07-31"),
    ):
        assert _step(client, case, code, day).status_code == 302, code
    case.refresh_from_db()
    assert (case.phase, case.eliminated_on) == (Phase.ELIMINATED, dt.date(2024, 7, 30))
    shown = _text(village.get(f"/monitoring/cases/{case.pk}/"))
    assert "已于 2024-07-30 标注风险消除。" in shown
    assert "风险消除 · 县级审批" in shown  # the history names the steps


def test_the_page_in_english(people):
    case = identify(report("H1", actor=people.village), people)
    client = _client(people.village)
    client.cookies["django_language"] = "en"
    shown = _text(client.get(f"/monitoring/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "unstable lifted-out household" in shown
    assert "illness" in shown


def test_the_list_filters_and_marks_overdue_cases(people):
    old = report("H1", actor=people.village)
    monitored = identify(report("H2", actor=people.village, reported_on=REPORTED), people)
    client = _client(people.county)
    everything = _text(client.get("/monitoring/cases/"))
    assert "共 2 户" in everything and "已超期" in everything
    assert (
        f'data-case="{old.pk}" class="overdue"' in client.get("/monitoring/cases/").content.decode()
    )
    overdue = client.get("/monitoring/cases/?overdue=on").content.decode()
    assert f'data-case="{old.pk}"' in overdue and f'data-case="{monitored.pk}"' not in overdue
    assert "共 1 户" in _text(client.get("/monitoring/cases/?phase=monitoring"))
    assert "共 1 户" in _text(client.get("/monitoring/cases/?next_step=home_visit"))
    assert "共 0 户" in _text(client.get("/monitoring/cases/?object_type=marginal"))
    assert "共 2 户" in _text(client.get("/monitoring/cases/?region=110119"))
    assert "共 0 户" in _text(client.get("/monitoring/cases/?region=130727"))


def test_the_list_runs_a_fixed_number_of_queries(people, django_assert_num_queries):
    for number in ("H1", "H2"):
        report(number, actor=people.village)
    client = _client(people.county)
    client.get("/monitoring/cases/")  # the session and the user's scope
    with django_assert_num_queries(5):
        assert client.get("/monitoring/cases/").status_code == 200


def test_a_village_cadre_sees_and_works_only_on_their_village(people):
    own = report("H1", actor=people.village)
    other = report("Z1", actor=people.other)
    cadre = _client(people.village)
    listed = cadre.get("/monitoring/cases/").content.decode()
    assert f'data-case="{own.pk}"' in listed and f'data-case="{other.pk}"' not in listed
    assert cadre.get(f"/monitoring/cases/{other.pk}/").status_code == 404
    assert _step(cadre, other, "home_visit", "2024-01-09").status_code == 404
    assert not Step.objects.exists()
    # a province office reads the case but may not act on it
    province = _client(user("prov", "province_office", "11"))
    assert province.get(f"/monitoring/cases/{own.pk}/").status_code == 200
    assert province.get("/monitoring/cases/new/").status_code == 403
    assert _step(province, own, "home_visit", "2024-01-09").status_code == 403
    assert not Step.objects.exists()
    # an assisting unit has no regions: no monitoring pages
    unit = _client(user("unit", "assisting_unit"))
    assert unit.get("/monitoring/cases/").status_code == 403
    assert unit.get(f"/monitoring/cases/{own.pk}/").status_code == 404


def test_a_bad_form_is_shown_and_never_a_500(people):
    case = identify(report("H1", actor=people.village), people)
    client = _client(people.village)
    before = Change.objects.count()
    for data in (
        {"action": "step", "code": "home_visit", "done_on": "not a date"},
        {"action": "measure", "category": "shopping", "content": "x", "start_on": "2024-02-01"},
        {
            "action": "measure",
            "category": "health",
            "content": "x",
            "start_on": "2024-02-01",
            "ledger_entry": "999",
        },
        {"action": "eliminate", "done_on": ""},
        {"action": "objection", "notice": "999", "text": "x", "raised_on": "2024-02-01"},
        {"action": "resolve", "objection": "999", "resolution": "x", "resolved_on": "2024-02-01"},
    ):
        assert client.post(f"/monitoring/cases/{case.pk}/", data).status_code == 400, data
    assert client.post(f"/monitoring/cases/{case.pk}/", {"action": "nope"}).status_code == 404
    assert Change.objects.count() == before
    assert not Measure.objects.exists()


def test_fast_track_on_the_page(people):
    client = _client(people.village)
    client.post(
        "/monitoring/cases/new/",
        {
            "household": "H1",
            "channel": "cadre_sweep",
            "object_type": "unstable_exited",
            "risks": ["disaster:flood"],
            "reported_on": "2024-01-08",
            "fast_track": "on",
        },
    )
    case = Case.objects.get()
    assert (case.phase, case.identified_on) == (Phase.MONITORING, REPORTED)
    shown = _text(client.get(f"/monitoring/cases/{case.pk}/"))
    assert "（绿色通道补录）" in shown
    assert "添加帮扶措施" in shown
    cases.measure_add(
        case=case, category="health", content="临时救助", start_on=REPORTED, actor=people.village
    )


def _flag(number):
    from django.utils import timezone

    from fupin.monitoring.models import Feed, FeedBatch, FeedRow
    from fupin.registry.models import Household

    household = Household.objects.get(number=number)
    feed = Feed.objects.create(code="t-medical", name="医保", department="medical_insurance")
    batch = FeedBatch.objects.create(feed=feed, file_name="f.csv", imported_at=timezone.now())
    return FeedRow.objects.create(
        batch=batch,
        row_number=2,
        id_number="x",
        household=household,
        village_id=household.village_id,
        flagged=True,
    )


def test_a_department_flag_opens_a_case_from_its_link(people):
    flag = _flag("H1")
    client = _client(people.village)
    page = client.get(f"/monitoring/cases/new/?household=H1&feed_row={flag.pk}&risk=illness")
    html = page.content.decode()
    assert f'name="feed_row" value="{flag.pk}"' in html
    assert 'value="department" selected' in html
    assert 'value="illness" id="id_risks_0" checked' in html
    data = {
        "household": "H1",
        "channel": "department",
        "object_type": "unstable_exited",
        "risks": ["illness"],
        "reported_on": "2024-01-08",
        "feed_row": flag.pk,
    }
    other = client.post("/monitoring/cases/new/", data | {"household": "H2"})
    assert other.status_code == 400 and "所选部门预警数据不是该户的" in _text(other)
    assert not Case.objects.exists()
    assert client.post("/monitoring/cases/new/", data).status_code == 302
    case = Case.objects.get()
    assert (case.channel, case.feed_row) == ("department", flag)
