"""A NUL character (U+0000) in any text fupin is given is refused with a clear 400 or cell
error naming where it is, and nothing is written: PostgreSQL cannot store it (a 500 there),
SQLite silently would. Each door: a page's and the API's query string and path, a page's
form, the API's JSON and form bodies, cookies, and a cell of every import file."""

import pytest
import xlsxwriter
from django.utils import translation
from rest_framework.test import APIClient
from tests.assistance.factories import code
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.assistance.imports import ledger_import, pairings_import, pledges_import, units_import
from fupin.assistance.models import LedgerEntry, Pairing, Pledge, Unit
from fupin.core.errors import RowError, RowErrors
from fupin.core.jobs import job_run_next
from fupin.core.models import Change, Job
from fupin.core.nul import json_places
from fupin.exchange.readers import column_letter
from fupin.regions.models import Region, RegionYear
from fupin.regions.services import region_stats_import
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db

ZH = "含有空字符 NUL（U+0000）"
EN = "contains a NUL character (U+0000)"


@pytest.fixture
def village():
    return Region.objects.filter(code__startswith="130727", level="village")[0].code


def _user(role="county_office", region="130727"):
    user = User.objects.create_user(f"nul-{role}", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code=region))
    return user


def _api(user=None):
    client = APIClient()
    client.force_authenticate(user or _user())
    return client


def _refused(response, fields):
    """The API's invalid-fields answer naming exactly `fields`."""
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {name: [ZH] for name in fields}
    return error


# -- query strings and paths --------------------------------------------------------------


def test_api_query_string_with_nul_is_a_400_naming_the_parameter():
    client = _api()
    for query in ("q=%00", "q=a%00b", "year=2016&q=\x00", "q%00=1"):
        response = client.get(f"/api/households/?{query}")
        name = "q\\0" if query.startswith("q%00") else "q"
        error = _refused(response, [name])
        assert error["message"] == "请求中有无效字段"
    english = client.get("/api/households/?q=%00", headers={"accept-language": "en"})
    assert english.json()["error"] == {
        "code": "invalid",
        "message": "the request has invalid fields",
        "fields": {"q": [EN]},
    }
    assert client.get("/api/households/?q=%2500").status_code == 200  # a percent sign, no NUL


def test_api_path_with_nul_is_a_400():
    _refused(_api().get("/api/regions/13%0007/"), ["path"])


def test_page_query_string_with_nul_is_a_400_page_in_the_readers_language(client):
    client.force_login(_user())
    page = client.get("/households/?q=%E5%BC%A0%00")
    assert page.status_code == 400
    text = page.content.decode()
    assert "请求无法处理" in text and ZH in text and '参数 <span class="code">q</span>' in text
    assert "贫困户" in text  # the site's layout, with the signed-in user's menu
    english = client.get("/households/?q=%00", headers={"accept-language": "en"})
    text = english.content.decode()
    assert english.status_code == 400
    assert "Bad request" in text and EN in text
    assert 'Parameter <span class="code">q</span>' in text
    assert "请求" not in text and "参数" not in text
    assert client.get("/regions/1307%0027/").status_code == 400


def test_a_nul_in_the_session_cookie_is_a_400_not_a_lookup(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    page = client.get("/")
    assert page.status_code == 400
    assert "Cookie" in page.content.decode() and "sessionid" in page.content.decode()


def test_api_token_with_nul_is_a_400():
    response = APIClient().get("/api/households/", headers={"authorization": "Token ab\x00cd"})
    _refused(response, ["header Authorization"])


# -- forms -----------------------------------------------------------------------------------


def _household_form(village, name):
    return {
        "number": "N1",
        "version": "",
        "village_code": village,
        "attribute": "general",
        "main_cause": "illness",
        "standard": "national",
        "registered_year": "2014",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "1000",
        "m-0-id_number": "130727199003031234",
        "m-0-name": name,
        "m-0-relation": "head",
    }


def test_page_form_with_nul_is_a_400_and_writes_nothing(client, village):
    client.force_login(_user("township_cadre", village[:9]))
    response = client.post("/households/new/", _household_form(village, "赵\x00三"))
    assert response.status_code == 400
    assert '<span class="code">m-0-name</span>' in response.content.decode()
    assert not Household.objects.exists() and not Member.objects.exists()
    assert not Change.objects.exists()


# -- API bodies --------------------------------------------------------------------------------


def _household_body(village, *names):
    ids = ["130727196501011234", "130727201001011234"]
    return {
        "number": "A1",
        "village_code": village,
        "attribute": "general",
        "main_cause": "illness",
        "registered_year": "2015",
        "members": [
            {"id_number": i, "name": n, "relation": r}
            for i, n, r in zip(ids, names, ("head", "son"), strict=False)
        ],
    }


def test_api_json_body_with_nul_names_the_nested_field_and_writes_nothing(village):
    client = _api(_user("township_cadre", village[:9]))
    body = _household_body(village, "张一", "张\x00二")
    body["phone"] = "\x00"
    response = client.post("/api/households/", body, format="json")
    _refused(response, ["members.1.name", "phone"])
    assert not Household.objects.exists() and not Member.objects.exists()
    assert not Change.objects.exists()
    nul_key = client.post("/api/households/", {"members\x00": []}, format="json")
    _refused(nul_key, ["members\\0"])


def test_api_form_bodies_with_nul_are_refused_for_post_put_and_uploads(tmp_path, village):
    registry_import(path=write_csv(tmp_path / "r.csv", [member_row("Y1", 行政区划代码=village)]))
    client = _api(_user("township_cadre", village[:9]))
    response = client.post("/api/households/", {"number": "A\x00", "village_code": village})
    _refused(response, ["number"])
    response = client.put("/api/households/Y1/", {"phone": "\x00"}, format="multipart")
    _refused(response, ["phone"])
    with write_csv(tmp_path / "r.csv", [member_row("Y2")]).open("rb") as handle:
        upload = {"file": handle, "mode": "strict\x00"}
        response = client.post("/api/households/import/", upload, format="multipart")
    _refused(response, ["mode"])
    assert list(Household.objects.values_list("number", "version")) == [("Y1", 1)]
    assert not Job.objects.exists()


def test_json_places_name_every_nested_string():
    body = {"a": "x", "m": [{"n": "\x00"}, ["ok", "\x00"]], "k\x00": 1}
    assert list(json_places(body)) == ["m.0.n", "m.1.1", "k\\0"]
    assert list(json_places("\x00")) == ["non_field_errors"]


# -- import files ------------------------------------------------------------------------------


def _xlsx(path, header, *rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for number, row in enumerate([header, *rows]):
        sheet.write_row(number, 0, row)
    book.close()
    return path


def _nul_errors(caught):
    return [(e.row, e.column, e.reason, e.value) for e in caught.value.errors]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_registry_file_with_a_nul_cell_names_row_and_column_and_writes_nothing(
    tmp_path, village, suffix
):
    rows = [member_row("Y1", 行政区划代码=village), member_row("Y2", 行政区划代码=village)]
    rows[1]["姓名"] = "李\x00四"
    if suffix == "csv":
        path = write_csv(tmp_path / "r.csv", rows)
    else:
        header = list(rows[0])
        path = _xlsx(tmp_path / "r.xlsx", header, *([r[h] for h in header] for r in rows))
    for mode in ("strict", "skip-invalid"):
        with pytest.raises(RowErrors) as caught:
            registry_import(path=path, mode=mode)
        assert _nul_errors(caught) == [(3, "姓名", EN, "李\\0四")]
    assert not Household.objects.exists() and not Member.objects.exists()
    with translation.override("zh-hans"):
        from fupin.core.messages import translated

        assert translated(caught.value.errors[0].reason) == ZH


def test_a_nul_in_the_header_names_its_column_letter(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("户编号,姓\x00名\nY1,张三\n", encoding="utf-8")
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    assert _nul_errors(caught) == [(1, "B", EN, "姓\\0名")]
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_import_job_with_a_nul_cell_fails_with_its_error_file(client, tmp_path, village):
    client.force_login(_user("administrator", "13"))
    rows = [member_row("Y1", 行政区划代码=village, 姓名="王\x00")]
    with write_csv(tmp_path / "r.csv", rows).open("rb") as handle:
        response = client.post("/households/import/", {"file": handle, "mode": "strict"})
    assert response.status_code == 302
    job_run_next()
    job = Job.objects.get()
    assert job.status == "failed" and job.error_file.endswith("errors.xlsx")
    assert not Household.objects.exists()


def _csv(tmp_path, name, header, *rows):
    path = tmp_path / name
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_assistance_files_with_a_nul_cell_write_nothing(tmp_path):
    units = _xlsx(
        tmp_path / "u.xlsx",
        ["单位名称", "统一社会信用代码", "上级单位信用代码"],
        ["首钢集团有限公司", code(1), ""],
        ["首钢\x00矿业公司", code(3), code(1)],
    )
    with pytest.raises(RowErrors) as caught:
        units_import(path=units)
    assert _nul_errors(caught) == [(3, "单位名称", EN, "首钢\\0矿业公司")]
    assert not Unit.objects.exists()
    units_import(path=_csv(tmp_path, "u.csv", ["单位名称", "统一社会信用代码"], ("首钢", code(1))))
    pairings = _csv(
        tmp_path,
        "p.csv",
        ["单位信用代码", "行政区划代码", "帮扶类型", "开始日期"],
        (code(1), "130727", "定点帮扶\x00", "2019-01-01"),
    )
    with pytest.raises(RowErrors) as caught:
        pairings_import(path=pairings)
    assert _nul_errors(caught) == [(2, "帮扶类型", EN, "定点帮扶\\0")]
    pledges = _csv(
        tmp_path,
        "g.csv",
        ["单位信用代码", "年度", "指标", "目标值"],
        (code(1), "2020", "funds_invested", "100"),
        (code(1), "2020", "jobs\x00", "1"),
    )
    with pytest.raises(RowErrors) as caught:
        pledges_import(path=pledges)
    assert _nul_errors(caught) == [(3, "指标", EN, "jobs\\0")]
    header = ["编号", "单位信用代码", "日期", "指标", "数值", "项目", "冲销"]
    ledger = _xlsx(
        tmp_path / "l.xlsx",
        header,
        ["L1", code(1), "2020-05-01", "funds_invested", "100", "", ""],
        ["L2", code(1), "2020-05-01", "funds_invested", "100", "P\x00", ""],
        ["L3", code(1), "2020-06-01", "", "", "", "L1\x00"],
    )
    for mode in ("strict", "skip-invalid"):
        with pytest.raises(RowErrors) as caught:
            ledger_import(path=ledger, mode=mode)
        assert _nul_errors(caught) == [(3, "项目", EN, "P\\0"), (4, "冲销", EN, "L1\\0")]
    assert not Pairing.objects.exists() and not Pledge.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert Unit.objects.count() == 1


def test_region_stats_file_with_a_nul_cell_writes_nothing(tmp_path):
    path = _csv(
        tmp_path,
        "s.csv",
        ["行政区划代码", "年度", "农村人口"],
        ("130727", "2016", "200000"),
        ("130824", "2016\x00", "300000"),
    )
    before = list(RegionYear.objects.values_list("region_id", "year", "rural_population"))
    with pytest.raises(RowErrors) as caught:
        region_stats_import(path=path, mode="skip-invalid")
    assert _nul_errors(caught) == [(3, "年度", EN, "2016\\0")]
    assert list(RegionYear.objects.values_list("region_id", "year", "rural_population")) == before


def test_row_errors_never_carry_nul():
    error = RowError(2, "姓\x00名", "bad \x00", "a\x00b")
    assert (error.column, error.reason, error.value) == ("姓\\0名", "bad \\0", "a\\0b")
