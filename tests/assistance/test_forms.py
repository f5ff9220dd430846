"""The assistance forms on the pages: pledges and targets, a unit's own indicators, cadres
with reports (attachments) and awards, projects (particulars, lifecycle, beneficiaries,
disbursements), pairings and subsidiaries, and the upload of the imports. Each refusal is
checked to have written nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.assistance.factories import code, entry, indicator
from tests.assistance.test_pages import build_world, login, text, village

from fupin.assistance.models import (
    Cadre,
    CadreAward,
    CadreReport,
    Indicator,
    LedgerEntry,
    Pairing,
    Pledge,
    Project,
    Target,
    Unit,
)
from fupin.core.models import Change, Job
from fupin.registry.models import Household

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def group(client, world):
    """Logged in as an editor of group 1 (and everything under it)."""
    return login(client, "group", "assisting_unit", units_=[world[1]])


def changes(subject):
    return list(Change.objects.filter(subject=subject).values_list("changes", flat=True))


# pledges and targets ---------------------------------------------------------------------


def test_targets_page_sets_a_pledge_with_exact_targets_and_shows_its_progress(client, world, group):
    url = f"/assistance/units/{world[2].pk}/targets/?year=2020"
    page = text(client.get(url))
    assert "测试子公司 2020" in page and "400,000.00" in page  # the pledge from build_world
    response = client.post(
        url,
        {
            "action": "pledge",
            "region": "130727",
            "title": "2020 年阳原县帮扶责任书",
            "signed_on": "2020-02-01",
            "t_funds_invested": "250000.75",
            "t_jobs_direct": "8",
        },
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(unit=world[2], year=2020, region_id="130727")
    assert pledge.title == "2020 年阳原县帮扶责任书" and pledge.signed_on == dt.date(2020, 2, 1)
    assert pledge.parent is not None and pledge.parent.unit == world[1]
    values = {t.indicator.code: t.value for t in pledge.targets.select_related("indicator")}
    assert values == {"funds_invested": Decimal("250000.75"), "jobs_direct": Decimal("8")}
    assert {"funds_invested": [None, "250000.75"], "jobs_direct": [None, "8.00"]} in changes(
        "pledge"
    )
    page = text(client.get(url))
    section = page[page.index(f'data-pledge="{pledge.pk}"') :]
    section = section[: section.index("</section>")]
    # delivered in 阳原县 by 2 and the units under it: 250,000.50 of 250,000.75
    assert "250,000.75" in section and "250,000.50" in section and "100.00%" in section
    # the pledge's own link opens the form with its targets filled in
    assert "?year=2020&amp;region=130727#pledge-edit" in page
    form = text(client.get(f"{url}&region=130727"))
    form = form[form.index('id="pledge-edit"') :]
    assert 'name="t_funds_invested" value="250000.75"' in form
    assert 'name="t_jobs_direct" value="8"' in form and 'value="130727"' in form
    # setting the same pledge again changes one target and keeps the other
    client.post(url, {"action": "pledge", "region": "130727", "t_jobs_direct": "9"})
    pledge.refresh_from_db()
    assert Pledge.objects.filter(unit=world[2], year=2020, region_id="130727").count() == 1
    assert pledge.title == "2020 年阳原县帮扶责任书"
    assert pledge.targets.get(indicator__code="jobs_direct").value == Decimal(9)
    assert pledge.targets.get(indicator__code="funds_invested").value == Decimal("250000.75")


def test_targets_form_refuses_a_fraction_of_a_count_and_an_unknown_region(client, world, group):
    url = f"/assistance/units/{world[2].pk}/targets/?year=2020"
    before = (Pledge.objects.count(), Target.objects.count(), Change.objects.count())
    page = text(
        client.post(
            url, {"action": "pledge", "region": "130799", "t_jobs_direct": "2.5"}, follow=True
        )
    )
    assert "区划代码不存在" in page
    assert "2.5" in page and 'class="invalid"' in page
    assert (Pledge.objects.count(), Target.objects.count(), Change.objects.count()) == before


def test_a_unit_adds_its_own_indicator_and_a_reserved_code_is_refused(client, world, group):
    url = f"/assistance/units/{world[1].pk}/targets/?year=2020"
    refused = text(
        client.post(
            url,
            {"action": "indicator", "code": "grade", "name": "等级", "measure": "count"}
            | {"unit_label": "个"},
        )
    )
    assert "grade" in refused and not Indicator.objects.filter(code="grade").exists()
    response = client.post(
        url,
        {
            "action": "indicator",
            "code": "materials_bought",
            "name": "采购物资",
            "measure": "quantity",
            "unit_label": "吨",
        },
    )
    assert response.status_code == 302
    made = Indicator.objects.get(code="materials_bought")
    assert made.owner == world[1] and made.measure == "quantity" and not made.standard
    # the new indicator is a target field of the group's subsidiaries too
    sub = text(client.get(f"/assistance/units/{world[3].pk}/targets/?year=2020"))
    assert 'name="t_materials_bought"' in sub and "采购物资（吨）" in sub


def test_targets_page_read_only_for_a_regional_user_and_hidden_from_another_group(client, world):
    login(client, "county", "county_office", regions=["130727"])
    page = text(client.get(f"/assistance/units/{world[1].pk}/targets/?year=2020"))
    assert "测试集团 2020" in page and 'name="action"' not in page
    before = Target.objects.count()
    forbidden = client.post(
        f"/assistance/units/{world[1].pk}/targets/?year=2020",
        {"action": "pledge", "t_jobs_direct": "1"},
    )
    assert forbidden.status_code == 403 and Target.objects.count() == before
    client.logout()
    login(client, "other", "assisting_unit", units_=[world[9]])
    assert client.get(f"/assistance/units/{world[1].pk}/targets/").status_code == 404


# cadres ------------------------------------------------------------------------------------


def cadre_form(world, **over):
    return {
        "name": "赵书记",
        "unit": world[3].pk,
        "role": "first_secretary",
        "post": "驻村第一书记",
        "region": village("130727"),
        "start": "2021-03-01",
        "end": "",
        "id_number": "",
    } | over


def test_adding_a_cadre_then_reports_with_an_attachment_and_an_award(client, world, group):
    response = client.post(f"/assistance/units/{world[1].pk}/cadres/", cadre_form(world))
    cadre = Cadre.objects.get(name="赵书记")
    assert response.status_code == 302
    assert response["Location"] == f"/assistance/units/{world[1].pk}/cadres/{cadre.pk}/"
    assert cadre.unit == world[3] and cadre.region_id == village("130727")
    assert cadre.end is None and cadre.start == dt.date(2021, 3, 1)
    url = response["Location"]
    report = SimpleUploadedFile("驻村日志.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post(
        url,
        {
            "action": "report",
            "date": "2021-06-30",
            "title": "上半年工作报告",
            "text": "走访 120 户",
            "attachment": report,
        },
    )
    assert response.status_code == 302
    stored = CadreReport.objects.get(cadre=cadre)
    assert stored.title == "上半年工作报告" and stored.attachment.endswith("-驻村日志.pdf")
    page = text(client.get(url))
    link = f"/assistance/units/{world[1].pk}/cadres/{cadre.pk}/reports/{stored.pk}/attachment"
    assert link in page and "走访 120 户" in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 report"
    assert "%E9%A9%BB%E6%9D%91%E6%97%A5%E5%BF%97.pdf" in download["Content-Disposition"]
    response = client.post(
        url, {"action": "award", "year": "2021", "title": "优秀第一书记", "awarded_by": "省委"}
    )
    assert response.status_code == 302
    assert CadreAward.objects.get(cadre=cadre).title == "优秀第一书记"
    assert "优秀第一书记" in text(client.get(url))


def test_cadre_forms_refuse_bad_input_and_write_nothing(client, world, group):
    cadres = Cadre.objects.count()
    page = text(
        client.post(
            f"/assistance/units/{world[1].pk}/cadres/",
            cadre_form(world, start="2021-03-01", end="2020-01-01"),
        )
    )
    assert "结束日期不能早于开始日期" in page and Cadre.objects.count() == cadres
    # a unit outside the page's unit tree is not a choice
    page = text(
        client.post(f"/assistance/units/{world[2].pk}/cadres/", cadre_form(world, unit=world[1].pk))
    )
    assert "选择一个有效的选项" in page and Cadre.objects.count() == cadres
    cadre = Cadre.objects.get(name="王驻村")
    url = f"/assistance/units/{world[1].pk}/cadres/{cadre.pk}/"
    program = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    page = text(
        client.post(
            url, {"action": "report", "date": "2021-01-05", "title": "报告", "attachment": program}
        )
    )
    assert "run.exe：附件只能是 pdf, doc, docx" in page
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    page = text(client.post(url, {"action": "report", "date": tomorrow, "title": "报告"}))
    assert "日期不能晚于今天" in page
    assert not CadreReport.objects.exists()
    # the same cadre, seen from a group that did not send them: not found
    client.logout()
    login(client, "other", "assisting_unit", units_=[world[9]])
    assert client.get(f"/assistance/units/{world[9].pk}/cadres/{cadre.pk}/").status_code == 404


def test_editing_a_cadre_leaves_history(client, world, group):
    cadre = Cadre.objects.get(name="王驻村")
    url = f"/assistance/units/{world[1].pk}/cadres/{cadre.pk}/"
    initial = cadre_form(world, name="王驻村", unit=world[2].pk, start="2020-01-01")
    response = client.post(url, initial | {"action": "edit", "end": "2022-01-31"})
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.end == dt.date(2022, 1, 31)
    assert any(c.get("end") == ["2021-06-30", "2022-01-31"] for c in changes("cadre"))


# projects ----------------------------------------------------------------------------------


def project_form(world, **over):
    return {
        "code": "P-100",
        "name": "扶贫车间",
        "kind": "workshop",
        "unit": world[2].pk,
        "region": "130727",
        "budget": "3300000.00",
        "planned_end": "2021-12-31",
        "notice_start": "2021-01-04",
        "notice_days": "10",
        "jobs_created": "0",
        "income_per_year": "0",
    } | over


def test_a_project_is_added_noticed_approved_and_moved_on(client, world, group):
    projects = f"/assistance/units/{world[1].pk}/projects/"
    taken = text(client.post(projects, project_form(world, code="P-001")))
    assert "项目编号 P-001 已存在" in taken and not Project.objects.filter(name="扶贫车间").exists()
    response = client.post(projects, project_form(world))
    project = Project.objects.get(code="P-100")
    assert response.status_code == 302 and project.status == "planned"
    assert project.budget == Decimal("3300000.00") and project.unit == world[2]
    url = response["Location"]
    # the notice ran 2021-01-04 for 10 days: approval from 2021-01-14
    early = text(client.post(url, {"action": "advance", "status": "approved", "on": "2021-01-13"}))
    assert "2021-01-14" in early
    project.refresh_from_db()
    assert project.status == "planned" and project.approved_on is None
    client.post(url, {"action": "advance", "status": "approved", "on": "2021-01-14"})
    client.post(url, {"action": "advance", "status": "under_construction", "on": "2021-02-01"})
    project.refresh_from_db()
    assert project.status == "under_construction"
    assert (project.approved_on, project.started_on) == (dt.date(2021, 1, 14), dt.date(2021, 2, 1))
    page = text(client.get(url))
    # only later stages are offered
    assert 'value="completed"' in page and 'value="approved"' not in page


def test_project_beneficiaries_come_from_the_registry_of_its_region(client, world, group):
    project = Project.objects.get(code="P-001")  # in 阳原县
    here = [
        Household.objects.create(number=f"H{i}", village_id=village("130727")) for i in range(3)
    ]
    elsewhere = Household.objects.create(number="H-LT", village_id=village("421123"))
    url = f"/assistance/units/{world[1].pk}/projects/{project.pk}/"
    page = text(client.post(url, {"action": "beneficiaries", "add": "H0 H1, H-LT\nH-NONE"}))
    assert "H-LT、H-NONE" in page
    assert project.beneficiaries.count() == 0
    client.post(url, {"action": "beneficiaries", "add": "H0 H1，H2"})
    assert set(project.beneficiaries.values_list("number", flat=True)) == {"H0", "H1", "H2"}
    client.post(url, {"action": "beneficiaries", "add": "", "remove": ["H1"]})
    assert set(project.beneficiaries.values_list("number", flat=True)) == {"H0", "H2"}
    assert any(c.get("beneficiaries") == ["H1", None] for c in changes("project"))
    assert here and elsewhere.pk not in project.beneficiaries.values_list("pk", flat=True)


def test_a_disbursement_is_a_ledger_entry_of_the_project_against_its_budget(client, world, group):
    project = Project.objects.get(code="P-001")  # budget 1,234,567.89
    url = f"/assistance/units/{world[1].pk}/projects/{project.pk}/"
    funds = indicator("funds_invested").pk
    response = client.post(
        url,
        {
            "action": "disburse",
            "indicator": funds,
            "amount": "617283.95",
            "date": "2021-03-01",
            "region": "130727",
            "evidence": "拨款凭证 12 号",
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(project=project)
    assert entry.unit == world[2] and entry.amount == Decimal("617283.95")
    assert entry.pairing is not None and entry.pairing.region_id == "130727"
    page = text(client.get(url))
    row = page[page.index('data-indicator="funds_invested"') :]
    row = row[: row.index("</tr>")]
    assert "617,283.95" in row and "50.00%" in row
    # a count indicator takes whole numbers only: nothing recorded
    page = text(
        client.post(
            url,
            {
                "action": "disburse",
                "indicator": indicator("jobs_direct").pk,
                "amount": "1.5",
                "date": "2021-03-01",
            },
        )
    )
    assert "该指标按整数计量" in page and LedgerEntry.objects.filter(project=project).count() == 1


def test_project_pages_are_read_only_for_regional_users(client, world):
    project = Project.objects.get(code="P-001")
    login(client, "county", "county_office", regions=["130727"])
    url = f"/assistance/units/{world[1].pk}/projects/{project.pk}/"
    page = text(client.get(url))
    assert "光伏电站" in page and 'name="action"' not in page
    response = client.post(url, {"action": "advance", "status": "approved", "on": "2021-01-01"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == "planned"
    other = Project.objects.get(code="P-009")
    assert client.get(f"/assistance/units/{world[1].pk}/projects/{other.pk}/").status_code == 404


# pairings and subsidiaries ---------------------------------------------------------------


def test_administrators_add_pairings_and_subsidiaries(client, world):
    login(client, "admin", "administrator")
    url = f"/assistance/units/{world[2].pk}/setup/"
    response = client.post(
        url,
        {"action": "pairing", "region": "421123", "kind": "counterpart", "start": "2021-01-01"},
    )
    assert response.status_code == 302
    assert Pairing.objects.filter(unit=world[2], region_id="421123", kind="counterpart").exists()
    bad = code(50)[:-1] + ("0" if code(50)[-1] != "0" else "1")
    page = text(
        client.post(
            url, {"action": "subsidiary", "code": bad, "name": "新公司", "kind": "enterprise"}
        )
    )
    assert f"校验码错误（应为 {code(50)[-1]}）" in page
    assert not Unit.objects.filter(name="新公司").exists()
    response = client.post(
        url, {"action": "subsidiary", "code": code(50), "name": "新公司", "kind": "enterprise"}
    )
    assert response.status_code == 302
    made = Unit.objects.get(name="新公司")
    assert made.parent == world[2] and made.path == f"{world[2].path}{made.pk}/"
    page = text(
        client.post(
            url, {"action": "subsidiary", "code": code(50), "name": "又一个", "kind": "enterprise"}
        )
    )
    assert "该信用代码的单位已存在" in page and not Unit.objects.filter(name="又一个").exists()


def test_unit_users_may_not_set_up_pairings(client, world, group):
    before = Pairing.objects.count()
    response = client.post(
        f"/assistance/units/{world[1].pk}/setup/",
        {"action": "pairing", "region": "421123", "kind": "counterpart", "start": "2021-01-01"},
    )
    assert response.status_code == 403 and Pairing.objects.count() == before


# imports -----------------------------------------------------------------------------------


def test_import_page_queues_a_ledger_import_for_a_unit_user(client, world, group):
    upload = SimpleUploadedFile("ledger.csv", "编号,单位信用代码\n".encode())
    response = client.post(
        "/assistance/import/", {"what": "ledger", "mode": "strict", "file": upload}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "assistance_import" and job.params["what"] == "ledger"
    # units are imported by administrators
    upload = SimpleUploadedFile("units.xlsx", b"PK")
    page = text(
        client.post("/assistance/import/", {"what": "units", "mode": "strict", "file": upload})
    )
    assert "系统管理员" in page and Job.objects.count() == 1
    upload = SimpleUploadedFile("ledger.txt", b"x")
    page = text(
        client.post("/assistance/import/", {"what": "ledger", "mode": "strict", "file": upload})
    )
    assert "请上传 xlsx 或 csv 文件" in page and Job.objects.count() == 1


def test_import_page_is_closed_to_read_only_roles(client, world):
    login(client, "county", "county_office", regions=["130727"])
    assert client.get("/assistance/import/").status_code == 403


# a region's assistance, on the region page ---------------------------------------------------


def test_region_page_shows_the_pairings_cadres_projects_and_deliveries_of_the_year(client, world):
    login(client, "county", "county_office", regions=["130727"])
    page = text(client.get("/regions/130727/?year=2020"))
    section = page[page.index('<section class="assistance">') :]
    assert "2020 年社会帮扶" in section
    assert f'href="/assistance/units/{world[1].pk}/?year=2020">测试集团</a>' in section
    assert "其他集团" not in section  # paired with 罗田县, not here
    assert "结对帮扶关系</span><b>1</b>" in section
    assert "在岗选派干部</span><b>1</b>" in section  # 王驻村, 2020-01-01 to 2021-06-30
    assert "帮扶项目（累计）</span><b>1</b>" in section  # P-001 in 阳原县
    funds = section[section.index('data-indicator="funds_invested"') :]
    # only E1 was delivered in 阳原县 (E2, E3 name no region)
    assert "250,000.50" in funds[: funds.index("</tr>")]
    assert 'data-indicator="jobs_direct"' not in section
    # a reversal in the region takes its amount off
    from fupin.assistance import services

    services.ledger_reverse(
        entry=LedgerEntry.objects.get(entry_id="E1"),
        entry_id="R1",
        date=dt.date(2020, 6, 1),
        actor=None,
    )
    page = text(client.get("/regions/130727/?year=2020"))
    assert 'data-indicator="funds_invested"' in page
    row = page[page.index('data-indicator="funds_invested"') :]
    assert ">0.00<" in row[: row.index("</tr>")]
    # another year: the pairing holds, nothing was delivered
    later = text(client.get("/regions/130727/?year=2023"))
    assert "本年尚无记在本地的帮扶台账记录" in later and "在岗选派干部</span><b>0</b>" in later


def test_targets_page_shows_a_multi_year_plan_against_each_years_deliveries(client, world, group):
    from fupin.assistance.models import Plan, PlanAmount

    plan = Plan.objects.create(
        unit=world[1], region_id="130727", title="三年规划", first_year=2019, last_year=2021
    )
    for year, value in ((2020, "300000.00"), (2021, "100000.00")):
        PlanAmount.objects.create(
            plan=plan, year=year, indicator=indicator("funds_invested"), value=Decimal(value)
        )
    page = text(client.get(f"/assistance/units/{world[2].pk}/targets/?year=2020"))
    assert f'data-plan="{plan.pk}"' not in page  # the plan is the group's, above this unit
    entry("E19", world[2], "2019-05-01", "funds_invested", "5000.00", region=village("130727"))
    page = text(client.get(f"/assistance/units/{world[1].pk}/targets/?year=2020"))
    section = page[page.index(f'data-plan="{plan.pk}"') :]
    row = section[section.index('data-indicator="funds_invested"') :]
    cells = [c.split(">", 1)[1] for c in row[: row.index("</tr>")].split("</td>")[:-1]]
    # 2019 planned nothing (its 5,000.00 is not measured against the plan); 2020: E1 in 阳原
    # (E2 names no region); 2021 nothing yet
    assert cells[1:] == [
        "5,000.00 / —",
        "250,000.50 / 300,000.00",
        "0.00 / 100,000.00",
        "250,000.50 / 400,000.00",
        '<span class="rate">62.50%</span>',
    ]
    later = text(client.get(f"/assistance/units/{world[1].pk}/targets/?year=2022"))
    assert f'data-plan="{plan.pk}"' not in later


# leading groups and responsibilities -------------------------------------------------------


def test_a_unit_keeps_its_leading_group_and_who_answers_for_what(client, world, group):
    from fupin.assistance.models import GroupMember, LeadingGroup, Responsibility

    url = f"/assistance/units/{world[1].pk}/groups/"
    assert "尚未登记领导小组" in text(client.get(url))
    client.post(url, {"action": "group", "name": "测试集团扶贫工作领导小组"})
    leading = LeadingGroup.objects.get(unit=world[1])
    for person, role, member_unit in (
        ("张董事长", "leader", ""),
        ("李总经理", "deputy", ""),
        ("子公司负责人", "member", world[2].pk),
    ):
        response = client.post(
            url,
            {
                "action": "member",
                "group": leading.pk,
                "person": person,
                "role": role,
                "member_unit": member_unit,
            },
        )
        assert response.status_code == 302
    members = list(leading.members.order_by("order").values_list("person", "role", "order"))
    assert members == [
        ("张董事长", "leader", 0),
        ("李总经理", "deputy", 1),
        ("子公司负责人", "member", 2),
    ]
    page = text(client.get(url))
    assert page.index("张董事长") < page.index("李总经理") < page.index("子公司负责人")
    assert f'href="/assistance/units/{world[2].pk}/">测试子公司</a>' in page
    gone = GroupMember.objects.get(person="李总经理")
    client.post(url, {"action": "remove", "member": gone.pk})
    assert not GroupMember.objects.filter(pk=gone.pk).exists()
    assert any(c.get("member") == ["李总经理 deputy", None] for c in changes("leading_group"))
    # a responsibility for the paired county; a bad period writes nothing
    bad = text(
        client.post(
            url,
            {
                "action": "duty",
                "person": "王副省长",
                "kind": "theatre",
                "region": "130727",
                "start": "2020-05-01",
                "end": "2020-01-01",
            },
        )
    )
    assert "结束日期不能早于开始日期" in bad and not Responsibility.objects.exists()
    client.post(
        url,
        {
            "action": "duty",
            "person": "王副省长",
            "post": "副省长",
            "kind": "theatre",
            "region": "130727",
            "start": "2020-01-01",
        },
    )
    duty = Responsibility.objects.get()
    assert (duty.region_id, duty.unit, duty.kind) == ("130727", None, "theatre")
    assert "王副省长" in text(client.get(url))
    # the county's page names the group-independent duty; another group's user sees nothing
    client.logout()
    login(client, "county", "county_office", regions=["130727"])
    region = text(client.get("/regions/130727/"))
    assert "领导小组与责任分工" in region and "王副省长" in region and "督战战区" in region
    # the page of 2019 names those in post then: the theatre was assigned in 2020
    assert "王副省长" not in text(client.get("/regions/130727/?year=2019"))
    assert client.post(url, {"action": "group", "name": "x"}).status_code == 403
    client.logout()
    login(client, "other", "assisting_unit", units_=[world[9]])
    assert client.get(url).status_code == 404


def test_removing_a_member_of_another_units_group_is_not_found(client, world, group):
    from fupin.assistance import services
    from fupin.assistance.models import GroupMember

    other = services.leading_group_save(name="其他集团领导小组", unit=world[9], actor=None)
    member = services.group_member_add(group=other, person="赵组长", role="leader", actor=None)
    response = client.post(
        f"/assistance/units/{world[1].pk}/groups/", {"action": "remove", "member": member.pk}
    )
    assert response.status_code == 404 and GroupMember.objects.filter(pk=member.pk).exists()


# what the services refuse whichever way they are called ----------------------------------------


def test_services_refuse_a_taken_indicator_name_a_future_step_and_a_term_ending_early(world):
    from fupin.assistance import services
    from fupin.core.errors import InvalidInput

    with pytest.raises(services.Conflict, match="an indicator is named 捐赠"):
        services.indicator_create(
            code="gifts", name="捐赠", measure="yuan", unit_label="元", owner=world[1], actor=None
        )
    project = Project.objects.get(code="P-001")
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(InvalidInput, match="dated after today"):
        services.project_advance(project=project, status="approved", on=tomorrow, actor=None)
    cadre = Cadre.objects.get(name="王驻村")  # 2020-01-01 to 2021-06-30
    with pytest.raises(InvalidInput, match="the end 2019-12-31 is before the start 2020-01-01"):
        services.cadre_save(values={"end": dt.date(2019, 12, 31)}, cadre=cadre, actor=None)
    cadre.refresh_from_db()
    project.refresh_from_db()
    assert (project.status, cadre.end) == ("planned", dt.date(2021, 6, 30))
    assert not Indicator.objects.filter(code="gifts").exists()


def test_indicator_form_reports_a_taken_name_on_the_page(client, world, group):
    page = text(
        client.post(
            f"/assistance/units/{world[1].pk}/targets/?year=2020",
            {
                "action": "indicator",
                "code": "gifts",
                "name": "捐赠",
                "measure": "yuan",
                "unit_label": "元",
            },
        )
    )
    assert "已有名为 捐赠 的指标" in page and not Indicator.objects.filter(code="gifts").exists()


def test_a_cadres_yearly_evaluation_is_set_and_replaced(client, world, group):
    from fupin.assistance.models import CadreEvaluation

    cadre = Cadre.objects.get(name="王驻村")
    url = f"/assistance/units/{world[1].pk}/cadres/{cadre.pk}/"
    client.post(url, {"action": "evaluation", "year": "2020", "grade": "competent"})
    client.post(
        url, {"action": "evaluation", "year": "2020", "grade": "excellent", "note": "实绩突出"}
    )
    assert list(CadreEvaluation.objects.values_list("year", "grade", "note")) == [
        (2020, "excellent", "实绩突出")
    ]
    assert any(c.get("evaluation 2020") == ["competent", "excellent"] for c in changes("cadre"))
    page = text(client.get(url))
    assert "<td>2020</td><td>优秀</td><td>实绩突出</td>" in page
    bad = text(client.post(url, {"action": "evaluation", "year": "2021", "grade": "superb"}))
    assert 'class="invalid"' in bad and CadreEvaluation.objects.count() == 1


def test_a_unit_makes_a_plan_and_sets_its_yearly_amounts(client, world, group):
    from fupin.assistance.models import Plan, PlanAmount

    url = f"/assistance/units/{world[1].pk}/targets/?year=2020"
    backwards = text(
        client.post(
            url, {"action": "plan", "title": "规划", "first_year": "2021", "last_year": "2019"}
        )
    )
    assert "终止年度不能早于起始年度" in backwards and not Plan.objects.exists()
    client.post(
        url,
        {
            "action": "plan",
            "title": "阳原县三年规划",
            "region": "130727",
            "first_year": "2020",
            "last_year": "2022",
        },
    )
    plan = Plan.objects.get(title="阳原县三年规划")
    assert (plan.unit, plan.region_id) == (world[1], "130727")
    funds = indicator("funds_invested").pk
    amount = {"action": "plan_amount", "plan": plan.pk, "indicator": funds}
    client.post(url, amount | {"year": "2020", "value": "500000.00"})
    client.post(url, amount | {"year": "2020", "value": "500001.00"})
    outside = text(client.post(url, amount | {"year": "2023", "value": "1.00"}))
    assert "不能大于 2022" in outside
    assert list(PlanAmount.objects.values_list("year", "value")) == [(2020, Decimal("500001.00"))]
    page = text(client.get(url))
    section = page[page.index(f'data-plan="{plan.pk}"') :]
    assert "250,000.50 / 500,001.00" in section[: section.index("</section>")]


# found in review: what a unit may not do to another's work ---------------------------------------


def test_a_units_indicator_cannot_take_the_name_or_code_of_another(client, world):
    login(client, "other", "assisting_unit", units_=[world[9]])
    url = f"/assistance/units/{world[9].pk}/targets/?year=2020"
    for code_, name in (("zz9", "funds_invested"), ("zz9", "FUNDS_INVESTED"), ("Donations", "x")):
        page = text(
            client.post(
                url,
                {
                    "action": "indicator",
                    "code": code_,
                    "name": name,
                    "measure": "yuan",
                    "unit_label": "元",
                },
            )
        )
        assert "已有名为" in page or "已存在" in page, (code_, name)
    assert not Indicator.objects.filter(owner=world[9]).exists()


def test_ledger_import_refuses_another_units_project_and_own_indicator(tmp_path, world):
    from fupin.assistance import services
    from fupin.assistance.imports import ledger_import
    from fupin.core.errors import RowErrors

    services.indicator_create(
        code="x9", name="其他集团指标", measure="count", unit_label="人", owner=world[9], actor=None
    )
    path = tmp_path / "ledger.csv"
    path.write_text(
        "编号,单位信用代码,日期,指标,数值,项目\n"
        f"Z1,{code(1)},2020-06-01,funds_invested,777.00,P-009\n"
        f"Z2,{code(1)},2020-06-01,x9,3,\n"
        f"Z3,{code(2)},2020-06-01,funds_invested,1.00,P-001\n",
        encoding="utf-8",
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (2, "项目", "project of another unit"),
        (3, "指标", "indicator x9 belongs to another unit"),
    ]
    assert not LedgerEntry.objects.filter(entry_id__startswith="Z").exists()
    # group 1's own subsidiary's project is the group's work: P-001 belongs to unit 2
    result = ledger_import(path=path, mode="skip-invalid")
    assert result.created == 1 and LedgerEntry.objects.get(entry_id="Z3").project.code == "P-001"


def test_a_unit_names_responsibilities_and_beneficiaries_only_where_it_is_paired(
    client, world, group
):
    from fupin.assistance.models import Responsibility

    page = text(
        client.post(
            f"/assistance/units/{world[1].pk}/groups/",
            {
                "action": "duty",
                "person": "冒名者",
                "kind": "theatre",
                "region": "421123",  # paired with group 9, not with group 1
                "start": "2020-01-01",
            },
        )
    )
    assert "不在本单位结对帮扶的地区内" in page and not Responsibility.objects.exists()
    elsewhere = Household.objects.create(number="H-LT", village_id=village("421123"))
    response = client.post(
        f"/assistance/units/{world[1].pk}/projects/",
        project_form(world, code="P-WIDE", region="42", unit=world[1].pk),
    )
    project = Project.objects.get(code="P-WIDE")
    assert response.status_code == 302
    page = text(
        client.post(
            f"/assistance/units/{world[1].pk}/projects/{project.pk}/",
            {"action": "beneficiaries", "add": elsewhere.number},
        )
    )
    # registered in 罗田县, which only group 9 is paired with: refused, and not shown
    assert "的建档立卡户中：H-LT" in page and not project.beneficiaries.exists()


def test_a_project_moves_one_stage_at_a_time_and_may_close_once_approved(client, world, group):
    from fupin.assistance import services
    from fupin.core.errors import InvalidInput

    project = Project.objects.get(code="P-001")  # planned, never noticed
    url = f"/assistance/units/{world[1].pk}/projects/{project.pk}/"
    page = text(client.get(url))
    offered = page[
        page.index('name="status"') : page.index("</select>", page.index('name="status"'))
    ]
    assert 'value="approved"' in offered and 'value="under_construction"' not in offered
    refused = text(
        client.post(url, {"action": "advance", "status": "under_construction", "on": "2021-01-01"})
    )
    assert "选择一个有效的选项" in refused  # not offered
    project.refresh_from_db()
    assert project.status == "planned"
    for skipped in ("under_construction", "closed"):
        with pytest.raises(InvalidInput, match="it moves on to 已批准"):
            services.project_advance(project=project, status=skipped, on=TODAY, actor=None)
    project.notice_start = dt.date(2021, 1, 1)
    project.save()
    services.project_advance(
        project=project, status="approved", on=dt.date(2021, 1, 11), actor=None
    )
    services.project_advance(project=project, status="closed", on=dt.date(2021, 2, 1), actor=None)
    project.refresh_from_db()
    assert (project.status, project.closed_on) == ("closed", dt.date(2021, 2, 1))


def test_bad_numbers_and_long_file_names_are_form_errors_not_500s(client, world, group):
    page = text(
        client.post(
            f"/assistance/units/{world[1].pk}/projects/",
            project_form(world, code="P-BIG", jobs_created="99999999999999999999"),
        )
    )
    assert 'class="invalid"' in page and not Project.objects.filter(code="P-BIG").exists()
    cadre = Cadre.objects.get(name="王驻村")
    long_name = "报" * 120 + ".pdf"
    upload = SimpleUploadedFile(long_name, b"%PDF-1.4", content_type="application/pdf")
    response = client.post(
        f"/assistance/units/{world[1].pk}/cadres/{cadre.pk}/",
        {"action": "report", "date": "2021-01-05", "title": "报告", "attachment": upload},
    )
    assert response.status_code == 302
    kept = CadreReport.objects.get().attachment
    assert kept.endswith(".pdf") and len(kept.rsplit("/", 1)[-1]) <= 13 + 80


def test_targets_page_queries_do_not_grow_with_subsidiaries(client, world, group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tests.assistance.factories import pledge, units

    url = f"/assistance/units/{world[1].pk}/targets/?year=2020"
    with CaptureQueriesContext(connection) as before:
        text(client.get(url))
    more = units(*[(100 + n, f"子公司{n}", 1) for n in range(8)])
    for unit in more.values():
        pledge(unit, 2020, "130727", funds_invested="1000.00")
    with CaptureQueriesContext(connection) as after:
        page = text(client.get(url))
    assert page.count('<section class="pledge"') == 2 + 8
    assert len(after) == len(before)
