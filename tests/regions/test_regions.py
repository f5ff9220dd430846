import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fupin.regions.codes import code_candidates, short_name
from fupin.regions.models import Region, RegionYear
from fupin.regions.selectors import region_ancestry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "level", "short"),
    [
        ("镇沅彝族哈尼族拉祜族自治县", "county", "镇沅县"),
        ("黑峪口村委会", "village", "黑峪口村"),
        ("西关村村民委员会", "village", "西关村"),
        ("幸福社区居民委员会", "village", "幸福社区"),
        ("多福巷社区居委会", "village", "多福巷社区"),
        ("广西壮族自治区", "province", "广西"),
        ("鄂伦春自治旗", "county", "鄂伦春旗"),
        ("延边朝鲜族自治州", "prefecture", "延边州"),
        ("罗田县", "county", "罗田县"),
    ],
)
def test_short_names(name, level, short):
    assert short_name(name, level) == short


def test_code_candidates_accept_gb2260_and_padded_forms():
    assert code_candidates("530000") == ["530000", "53"]
    assert code_candidates("530800") == ["530800", "5308"]
    assert code_candidates("530825000000") == ["530825000000", "530825"]


@pytest.mark.parametrize(
    ("code", "last"),
    [
        ("540232", "540232 仲巴县 county"),
        ("421123", "421123 罗田县 county"),
        ("530825", "530825 镇沅县 county"),
        ("130727", "130727 阳原县 county"),
        ("130824", "130824 滦平县 county"),
        ("110119202201", "110119202201 黑峪口村 village"),
    ],
)
def test_show_resolves_the_seed_places(code, last, capsys):
    call_command("regions", "show", code)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == last
    assert lines[0].split()[2] == "province"


def test_show_prints_the_whole_path(capsys):
    call_command("regions", "show", "110119202201")
    assert capsys.readouterr().out.splitlines() == [
        "110000 北京市 province",
        "110100 市辖区 prefecture",
        "110119 延庆区 county",
        "110119202 香营乡 township",
        "110119202201 黑峪口村 village",
    ]


def test_show_unknown_code_is_a_clear_error():
    with pytest.raises(CommandError, match="no region with code 999999"):
        call_command("regions", "show", "999999")
    with pytest.raises(CommandError, match="not a division code"):
        call_command("regions", "show", "12ab")


def test_tree_flags_and_coordinates():
    zhongba = Region.objects.get(code="540232")
    assert zhongba.is_western and zhongba.level == "county" and zhongba.parent_id == "5402"
    assert zhongba.longitude == pytest.approx(84.03153) and zhongba.latitude == pytest.approx(
        29.770279
    )
    assert not Region.objects.get(code="130727").is_western
    assert [r.code for r in region_ancestry(code="110119202201")] == [
        "11",
        "1101",
        "110119",
        "110119202",
        "110119202201",
    ]


def _stats(tmp_path, rows):
    path = tmp_path / "stats.csv"
    path.write_text(
        "行政区划代码,年度,农村人口,贫困县,贫困村,摘帽年度\n" + "\n".join(rows) + "\n", "utf-8"
    )
    return path


def test_import_stats_strict_writes_nothing_on_any_error(tmp_path, capsys):
    path = _stats(
        tmp_path,
        [
            "540232,2018,80000,是,否,2019",
            "999999,2018,10,否,否,",
            "421123,20x8,1,否,否,",
            "421123,2018,-3,否,否,",
            "421123,2018,5000,也许,否,",
        ],
    )
    with pytest.raises(CommandError):
        call_command("regions", "import-stats", str(path))
    err = capsys.readouterr().err
    assert "row 3, column 行政区划代码: no such region (value: 999999)" in err
    assert "row 4, column 年度: must be at most 2100" in err or "row 4, column 年度" in err
    assert "row 5, column 农村人口: must be at least 0" in err
    assert "row 6, column 贫困县: must be 是/否" in err
    assert not RegionYear.objects.exists()


def test_import_stats_skip_invalid_and_reimport_is_idempotent(tmp_path):
    path = _stats(tmp_path, ["540232,2018,80000,是,否,2019", "999999,2018,10,否,否,"])
    call_command("regions", "import-stats", str(path), "--mode", "skip-invalid")
    call_command("regions", "import-stats", str(path), "--mode", "skip-invalid")
    assert list(
        RegionYear.objects.values_list(
            "region_id", "year", "rural_population", "poor_county", "exit_year"
        )
    ) == [("540232", 2018, 80000, True, 2019)]


@pytest.mark.slow
def test_full_load_has_every_village(capsys):
    call_command("regions", "load")
    assert Region.objects.filter(level="village").count() == 620_573
    assert Region.objects.filter(level="county").count() == 2_978
    assert Region.objects.filter(level="province").count() == 31
    assert Region.objects.filter(parent__isnull=True).count() == 31
    assert "loaded 665,276 regions" in capsys.readouterr().out


def test_stats_table_pads_codes_and_keeps_the_county_level_figure_on_a_clash():
    from fupin.regions.services import stats_table

    table = stats_table([("4419", 2019, 900), ("441900", 2019, 800), ("530825", 2019, 5)])
    assert sorted(table.to_pylist(), key=lambda r: r["code"]) == [
        {"code": "441900000000", "year": 2019, "rural_population": 800},
        {"code": "530825000000", "year": 2019, "rural_population": 5},
    ]
