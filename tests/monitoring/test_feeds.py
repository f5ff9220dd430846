"""Department feeds (部门筛查预警): the default definitions and their rules at the boundary,
definitions checked and kept, the import of a department's file matched by ID number, the
unknown persons reported, invalid files refused whole, re-imports, scope, and the command."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.monitoring.feed_world import (
    COUNTY,
    LI,
    MEDICAL,
    UNKNOWN,
    WANG,
    ZHANG,
    feed_file,
    medical_file,
    number,
    registry_people,
    user,
)

from fupin.accounts.scope import scope_of
from fupin.core.errors import InvalidInput, NotFound, RowErrors
from fupin.core.history import change_record
from fupin.core.models import Change, Source
from fupin.monitoring import feeds
from fupin.monitoring.feed_rules import DefinitionError, definition_parse
from fupin.monitoring.models import Feed, FeedBatch, FeedRow
from fupin.registry.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_world(module_rows, django_db_blocker, tmp_path_factory):
    """The feeds and the registry persons, written once for the module's tests."""
    with django_db_blocker.unblock():
        feeds.feeds_sync()
        registry_people(tmp_path_factory.mktemp("registry"))


@pytest.fixture
def world(module_world, tmp_path):
    return tmp_path


def _written():
    return FeedBatch.objects.count(), FeedRow.objects.count()


# -------------------------------------------------------------------------- definitions


def test_the_defaults_load_once_one_feed_per_department():
    first = feeds.feeds_sync()
    assert first.created == [
        "medical_claims",
        "dibao",
        "school_aid",
        "disability",
        "disaster_loss",
        "housing_danger",
    ]
    assert sorted(Feed.objects.values_list("department", flat=True)) == [
        "civil_affairs",
        "disabled_persons",
        "education",
        "emergency",
        "housing",
        "medical_insurance",
    ]
    again = feeds.feeds_sync()
    assert (again.created, again.updated, again.kept) == ([], [], [])
    assert len(again.unchanged) == 6
    assert set(Feed.objects.values_list("version", flat=True)) == {1}
    medical = Feed.objects.get(code="medical_claims")
    assert medical.risk == "illness" and "[U]" in medical.description


def test_an_edited_definition_is_never_overwritten_by_the_defaults():
    feeds.feeds_sync()
    feed = Feed.objects.get(code="medical_claims")
    feed.rule = [{"column": "self_paid", "op": ">=", "value": 5000}]
    feed.version += 1
    feed.save()
    change_record(
        subject="feed",
        obj_id=feed.pk,
        label=feed.code,
        changes={"rule": ["10000", "5000"]},
        actor=None,
        source=Source.FORM,
    )
    result = feeds.feeds_sync()
    assert result.kept == ["medical_claims"]
    feed.refresh_from_db()
    assert feed.rule[0]["value"] == 5000 and feed.version == 2


def test_a_definition_nobody_edited_follows_the_defaults(tmp_path):
    feeds.feeds_sync()
    text = feeds.DEFAULTS.read_text(encoding="utf-8").replace("value = 10000", "value = 8000")
    changed = tmp_path / "feeds.toml"
    changed.write_text(text, encoding="utf-8")
    result = feeds.feeds_sync(path=changed)
    assert result.updated == ["medical_claims"] and result.kept == []
    feed = Feed.objects.get(code="medical_claims")
    assert (feed.rule[0]["value"], feed.version) == (8000, 2)


def _headers(code):
    feed = Feed.objects.get(code=code)
    return {c.key: c.title for c in feeds.feed_definition(feed).columns}


# each default rule at its boundary: (feed, column, value that flags, value that does not)
BOUNDARIES = [
    ("medical_claims", "self_paid", "10000", "9999.99"),
    ("dibao", "category", "低保", "临时救助"),
    ("school_aid", "level", "困难", "一般困难"),
    ("disability", "grade", "二级", "三级"),
    ("housing_danger", "grade", "C级", "B级"),
    ("disaster_loss", "damage", "房屋倒塌", ""),
]


@pytest.mark.parametrize(("code", "key", "flags", "does_not"), BOUNDARIES)
def test_each_default_rule_at_its_boundary(world, code, key, flags, does_not):
    titles = _headers(code)
    definition = feeds.feed_definition(Feed.objects.get(code=code))
    assert [c.key for c in definition.columns if c.required] == ["id_number"]
    header = [titles["id_number"], titles["name"], titles[key]]
    path = feed_file(
        world / f"{code}.csv", header, [[ZHANG, "张三", flags], [LI, "李四", does_not]]
    )
    result = feeds.feed_import(feed=code, path=path)
    assert (result.rows, result.matched, result.flagged) == (2, 2, 1)
    flagged = FeedRow.objects.get(flagged=True)
    assert (flagged.id_number, flagged.row_number) == (ZHANG, 2)


def test_the_rule_in_words():
    feeds.feeds_sync()
    medical = feeds.feed_definition(Feed.objects.get(code="medical_claims"))
    housing = feeds.feed_definition(Feed.objects.get(code="housing_danger"))
    disaster = feeds.feed_definition(Feed.objects.get(code="disaster_loss"))
    assert medical.words("zh-hans") == "个人自付金额（元） ≥ 10000"
    assert housing.words("zh-hans") == "鉴定等级为 C级、D级、C、D 之一"
    assert housing.words("en") == "鉴定等级 is one of C级, D级, C, D"
    assert disaster.words("en") == "受灾情况 is not empty"


@pytest.mark.parametrize(
    ("columns", "rule", "field", "message"),
    [
        ({"name": "姓名"}, [], "columns", "columns must include id_number"),
        ({"id_number": "身份证号"}, [], "rule", "the rule needs at least one condition"),
        (
            {"id_number": "身份证号", "x": {"header": "X", "type": "money"}},
            [{"column": "x", "op": "nonempty"}],
            "columns",
            "column x: unknown type money (text, number or date)",
        ),
        (
            {"id_number": "身份证号"},
            [{"column": "id_number", "op": "nonempty"}, {"column": "level", "op": "=", "value": 1}],
            "rule",
            "condition 2: unknown column level",
        ),
        (
            {"id_number": "身份证号", "level": "等级"},
            [{"column": "level", "op": ">=", "value": 3}],
            "rule",
            "condition 1: level is text; >= compares numbers or dates",
        ),
        (
            {"id_number": "身份证号", "paid": {"header": "金额", "type": "number"}},
            [{"column": "paid", "op": ">=", "value": "many"}],
            "rule",
            "condition 1: many is not a number",
        ),
        (
            {"id_number": "身份证号", "level": "等级"},
            [{"column": "level", "op": "in", "value": "C级"}],
            "rule",
            "condition 1: in needs a list of values",
        ),
        (
            {"id_number": "身份证号", "level": "等级"},
            [{"column": "level", "op": "~", "value": "C"}],
            "rule",
            "condition 1: unknown operator ~ (use >=, >, =, !=, <, <=, in, nonempty)",
        ),
        (
            {"id_number": "身份证号", "name": "身份证号"},
            [{"column": "name", "op": "nonempty"}],
            "columns",
            "column name: header 身份证号 is also that of id_number",
        ),
    ],
)
def test_a_broken_definition_is_refused_naming_the_condition(columns, rule, field, message):
    with pytest.raises(DefinitionError) as refused:
        definition_parse(columns, rule)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_define_adds_and_replaces_a_feed_from_a_file(tmp_path):
    feeds.feeds_sync()
    path = tmp_path / "water.toml"
    path.write_text(
        """
code = "water_cut"
name = "供水中断"
department = "other"
risk = "other"
[columns]
id_number = "户主身份证号"
days = { header = "停水天数", type = "number" }
[[rule]]
column = "days"
op = ">"
value = 7
""",
        encoding="utf-8",
    )
    [(feed, outcome)] = feeds.feed_define(path=path)
    assert (feed.code, outcome, feed.version) == ("water_cut", "created", 1)
    path.write_text(path.read_text(encoding="utf-8").replace("value = 7", "value = 3"))
    [(feed, outcome)] = feeds.feed_define(path=path)
    assert (outcome, feed.version, feed.rule[0]["value"]) == ("updated", 2, 3)
    # replacing a default from a file is an edit: the defaults keep it
    medical = tmp_path / "medical.toml"
    medical.write_text(
        feeds.DEFAULTS.read_text(encoding="utf-8").replace("value = 10000", "value = 6000")
    )
    outcomes = dict((f.code, o) for f, o in feeds.feed_define(path=medical))
    assert outcomes["medical_claims"] == "updated" and outcomes["dibao"] == "unchanged"
    assert feeds.feeds_sync().kept == ["medical_claims"]


def test_define_refuses_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[feeds]]\ncode = "a"\nname = "A"\ndepartment = "other"\n'
        'columns = { id_number = "身份证号" }\n'
        'rule = [{ column = "id_number", op = "nonempty" }]\n'
        '[[feeds]]\ncode = "b"\nname = "B"\ndepartment = "police"\ncolumns = { id_number = "x" }\n'
        'rule = [{ column = "id_number", op = "nonempty" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="feed b: unknown department police"):
        feeds.feed_define(path=path)
    with pytest.raises(CommandError, match="feed b: unknown department police"):
        call_command("feeds", "define", str(path))
    assert not Feed.objects.filter(code__in=["a", "b"]).exists()


# -------------------------------------------------------------------------- the import


def test_rows_match_registry_persons_by_id_number(world):
    path = medical_file(
        world / "medical.csv",
        [
            [ZHANG, "张三", "12,000.50", "2024-03-01", "延庆区医院"],
            [LI.lower() if LI[-1] == "X" else f" {LI} ", "李四", 800, "2024/03/02", ""],
        ],
    )
    actor = user("county", "county_office", COUNTY)
    result = feeds.feed_import(feed="medical_claims", path=path, actor=actor)
    assert (result.rows, result.matched, result.unmatched, result.flagged) == (2, 2, 0, 1)
    batch = FeedBatch.objects.get()
    assert (batch.rows, batch.matched, batch.unmatched, batch.flagged, batch.actor) == (
        2,
        2,
        0,
        1,
        actor,
    )
    zhang = FeedRow.objects.get(id_number=ZHANG)
    member = Member.objects.get(id_number=ZHANG)
    assert (zhang.member, zhang.household, zhang.village_id, zhang.flagged) == (
        member,
        member.household,
        "110119202201",
        True,
    )
    assert zhang.values == {
        "name": "张三",
        "self_paid": "12000.5",
        "date": "2024-03-01",
        "hospital": "延庆区医院",
    }
    li = FeedRow.objects.get(id_number=LI)
    assert (li.flagged, li.values["date"], li.values["self_paid"]) == (False, "2024-03-02", "800")
    history = Change.objects.get(subject="feed_batch")
    assert history.changes["imported"][1]["flagged"] == 1 and history.actor == actor


def test_a_row_with_an_unknown_id_is_kept_and_reported(world):
    path = medical_file(
        world / "medical.csv",
        [[UNKNOWN, "赵六", 50000, "2024-03-01", ""], [ZHANG, "张三", 100, "2024-03-01", ""]],
    )
    result = feeds.feed_import(feed="medical_claims", path=path)
    assert (result.rows, result.matched, result.unmatched, result.flagged) == (2, 1, 1, 0)
    assert result.unmatched_rows == [(2, UNKNOWN)] and result.unmatched_held == 1
    row = FeedRow.objects.get(id_number=UNKNOWN)
    assert (row.member, row.household, row.village, row.flagged, row.row_number) == (
        None,
        None,
        None,
        False,
        2,
    )
    assert row.values["self_paid"] == "50000"


def test_an_invalid_id_is_a_row_error_and_nothing_is_written(world):
    bad = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    path = medical_file(
        world / "medical.csv",
        [
            [ZHANG, "张三", 12000, "2024-03-01", ""],
            [bad, "李四", 12000, "2024-03-01", ""],
            ["", "王五", 12000, "2024-03-01", ""],
            [LI, "李四", "很多", "2024-02-30", ""],
        ],
    )
    before = _written()
    with pytest.raises(RowErrors) as refused:
        feeds.feed_import(feed="medical_claims", path=path)
    found = {(e.row, e.column, e.reason.split(" (")[0]) for e in refused.value.errors}
    assert found == {
        (3, "身份证号", "check digit is wrong"),
        (4, "身份证号", "ID number is empty"),
        (5, "个人自付金额（元）", "not a number"),
        (5, "结算日期", "not a date"),
    }
    assert _written() == before == (0, 0)
    assert not Change.objects.filter(subject="feed_batch").exists()


def test_skip_invalid_writes_the_valid_rows_and_returns_the_errors(world):
    path = medical_file(
        world / "medical.csv",
        [[ZHANG, "张三", 12000, "", ""], ["12345", "李四", 12000, "", ""]],
    )
    result = feeds.feed_import(feed="medical_claims", path=path, mode="skip-invalid")
    assert (result.rows, result.flagged, result.skipped) == (1, 1, 1)
    assert [(e.row, e.column) for e in result.errors] == [(3, "身份证号")]
    assert _written() == (1, 1)


def test_a_missing_required_column_refuses_the_file(world):
    path = feed_file(world / "m.csv", ["身份证号", "姓名"], [[ZHANG, "张三"]])
    with pytest.raises(RowErrors) as refused:
        feeds.feed_import(feed="medical_claims", path=path)
    assert [(e.row, e.reason) for e in refused.value.errors] == [
        (1, "required column is missing (self_paid)")
    ]
    assert _written() == (0, 0)


def test_the_key_and_other_accepted_headers_are_read(world):
    path = feed_file(world / "m.xlsx", ["证件号码", "self_paid", "自付金额x"], [[ZHANG, 10000, 1]])
    result = feeds.feed_import(feed="medical_claims", path=path)
    assert (result.matched, result.flagged) == (1, 1)
    assert FeedBatch.objects.get().file_name == "m.xlsx"


def test_fifteen_digit_and_disability_numbers_find_the_person(world):
    # a 15-digit number is the 18-digit one without the century and the check character
    fifteen = ZHANG[:6] + ZHANG[8:17]
    disability = LI + "42"  # 残疾人证号: the ID number, category and grade
    path = feed_file(
        world / "d.csv",
        ["残疾人证号", "姓名", "残疾等级"],
        [[fifteen, "张三", "一级"], [disability, "李四", "二级"]],
    )
    result = feeds.feed_import(feed="disability", path=path)
    assert (result.matched, result.flagged, result.unmatched) == (2, 2, 0)
    assert {w.reason for w in result.warnings} == {
        "15-digit ID number (GB 11643-1989) should be upgraded to 18 digits",
        "disability certificate number used as ID number",
    }
    assert set(FeedRow.objects.values_list("member__id_number", flat=True)) == {ZHANG, LI}


def test_a_name_other_than_the_registrys_is_a_warning(world):
    path = medical_file(world / "m.csv", [[ZHANG, "张山", 12000, "", ""]])
    result = feeds.feed_import(feed="medical_claims", path=path)
    assert result.flagged == 1
    assert [(w.row, w.column, w.reason, w.severity) for w in result.warnings] == [
        (2, "姓名", "name differs from the registry (张三)", "warning")
    ]


def test_reimporting_the_same_file_flags_nothing_twice(world):
    rows = [[ZHANG, "张三", 12000, "2024-03-01", ""], [UNKNOWN, "赵六", 30000, "2024-03-01", ""]]
    path = medical_file(world / "medical.csv", rows)
    first = feeds.feed_import(feed="medical_claims", path=path)
    second = feeds.feed_import(feed="medical_claims", path=path)
    assert (first.flagged, first.repeated) == (1, 0)
    assert (second.rows, second.flagged, second.repeated, second.unmatched) == (2, 0, 2, 1)
    assert FeedBatch.objects.count() == 2 and FeedRow.objects.count() == 4
    assert FeedRow.objects.filter(flagged=True).count() == 1
    # new evidence of the same person (another claim) is a new flag
    more = medical_file(world / "more.csv", [[ZHANG, "张三", 15000, "2024-04-01", ""]])
    third = feeds.feed_import(feed="medical_claims", path=more)
    assert (third.flagged, third.repeated) == (1, 0)


def test_the_same_evidence_twice_in_a_file_is_flagged_once(world):
    row = [ZHANG, "张三", 12000, "2024-03-01", ""]
    result = feeds.feed_import(
        feed="medical_claims", path=medical_file(world / "m.csv", [row, row])
    )
    assert (result.rows, result.flagged, result.repeated) == (2, 1, 1)


def test_a_person_outside_the_importers_regions_is_kept_not_flagged(world):
    path = medical_file(
        world / "m.csv", [[ZHANG, "张三", 12000, "", ""], [WANG, "王五", 12000, "", ""]]
    )
    county = user("yanqing", "county_office", COUNTY)
    result = feeds.feed_import(
        feed="medical_claims", path=path, actor=county, scope=scope_of(county)
    )
    assert (result.matched, result.outside, result.flagged, result.unmatched) == (2, 1, 1, 0)
    wang = FeedRow.objects.get(id_number=WANG)
    assert (wang.flagged, wang.household.number) == (False, "H3")
    # the office of the other county imports the same file: its person is flagged now
    yangyuan = user("yangyuan", "county_office", "130727")
    other = feeds.feed_import(
        feed="medical_claims", path=path, actor=yangyuan, scope=scope_of(yangyuan)
    )
    assert (other.flagged, other.outside, other.repeated) == (1, 1, 2)
    assert FeedRow.objects.filter(id_number=WANG, flagged=True).count() == 1


def test_an_inactive_or_unknown_feed_is_refused(world):
    path = medical_file(world / "m.csv", [[ZHANG, "张三", 12000, "", ""]])
    Feed.objects.filter(code="medical_claims").update(active=False)
    with pytest.raises(InvalidInput, match="feed medical_claims is not active"):
        feeds.feed_import(feed="medical_claims", path=path)
    with pytest.raises(NotFound, match="no feed police"):
        feeds.feed_import(feed="police", path=path)
    assert _written() == (0, 0)


def test_import_queries_do_not_grow_with_the_rows(world, django_assert_max_num_queries):
    many = [[number("19600101", n), "某", 12000, "", ""] for n in range(1, 400)]
    path = medical_file(world / "m.csv", [[ZHANG, "张三", 12000, "", ""], *many])
    with django_assert_max_num_queries(12):
        result = feeds.feed_import(feed="medical_claims", path=path)
    assert (result.rows, result.unmatched, result.flagged) == (400, 399, 1)


def test_dismissing_a_flag_keeps_its_reason_with_history(world):
    path = medical_file(world / "m.csv", [[ZHANG, "张三", 12000, "", ""], [LI, "李四", 1, "", ""]])
    feeds.feed_import(feed="medical_claims", path=path)
    row = FeedRow.objects.get(id_number=ZHANG)
    cadre = user("cadre", "village_cadre", "110119202201")
    with pytest.raises(InvalidInput, match="a reason is needed"):
        feeds.feed_row_dismiss(row=row, reason="  ", actor=cadre)
    feeds.feed_row_dismiss(row=row, reason="已由商业保险报销，家庭无困难", actor=cadre)
    row.refresh_from_db()
    assert row.dismissed == "已由商业保险报销，家庭无困难" and row.flagged
    change = Change.objects.get(subject="feed_row", subject_id=row.pk)
    assert change.actor == cadre and change.changes == {"dismissed": ["", row.dismissed]}
    with pytest.raises(InvalidInput, match="ruled out already"):
        feeds.feed_row_dismiss(row=row, reason="again", actor=cadre)
    with pytest.raises(InvalidInput, match="row 3 is not a flag"):
        feeds.feed_row_dismiss(row=FeedRow.objects.get(id_number=LI), reason="x", actor=cadre)
    assert list(feeds.feed_rows_open(FeedRow.objects.all())) == []


# -------------------------------------------------------------------------- the command


def test_the_command_lists_the_feeds(capsys):
    call_command("feeds", "list")
    out = capsys.readouterr().out
    assert (
        "medical_claims\t医保大额自付\tmedical_insurance\t个人自付金额（元） ≥ 10000 → illness"
        in out
    )
    assert len(out.splitlines()) == 6


def test_the_command_imports_and_lists_the_unknown_persons_masked(world, capsys):
    path = medical_file(
        world / "m.csv", [[ZHANG, "张三", 12000, "", ""], [UNKNOWN, "赵六", 20000, "", ""]]
    )
    call_command("feeds", "import", "medical_claims", str(path))
    out = capsys.readouterr().out
    batch = FeedBatch.objects.get()
    assert f"batch {batch.pk}: rows 2, matched 1, unmatched 1, flagged 1" in out
    masked = UNKNOWN[:6] + "********" + UNKNOWN[-4:]
    assert f"  row 3: {masked}" in out and UNKNOWN not in out
    call_command("feeds", "import", "medical_claims", str(path))
    assert "2 rows repeat an earlier batch's evidence" in capsys.readouterr().out


def test_the_command_exits_1_on_a_strict_failure_with_the_row_errors(world, capsys):
    from openpyxl import load_workbook

    path = medical_file(
        world / "m.csv", [[ZHANG, "张三", 12000, "", ""], ["123", "李四", 1, "", ""]]
    )
    errors = world / "errors.xlsx"
    with pytest.raises(CommandError, match="1 error\\(s\\) in the file; nothing was written"):
        call_command("feeds", "import", "medical_claims", str(path), "--errors", str(errors))
    assert "row 3, column 身份证号: ID number has 3 characters, not 18" in capsys.readouterr().err
    rows = [r for r in load_workbook(errors).active.iter_rows(values_only=True) if r and r[0] == 3]
    assert rows and rows[0][1] == "身份证号"
    assert _written() == (0, 0)


def test_header_mentions_in_the_defaults_match_the_medical_file():
    feeds.feeds_sync()
    titles = [
        c.title for c in feeds.feed_definition(Feed.objects.get(code="medical_claims")).columns
    ]
    assert titles[:3] == MEDICAL[:3]
    assert Decimal(Feed.objects.get(code="medical_claims").rule[0]["value"]) == 10000
