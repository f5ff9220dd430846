"""Two at once: two imports of the same file, two editors reversing the same entry. One wins,
the other gets a clear outcome (the rows already there, or a conflict naming the entry), and
nothing is doubled.

Each side runs in its own thread, which Django gives its own database connection; the tests
are transactional so that each side sees what the other committed. Both sides meet at a
barrier right before they write, after both have checked: the worst interleaving, every run."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 10  # seconds a side waits at a barrier for the other


def both(work: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run `work` in two threads started together; each side's ("ok", value) or
    ("raised", exception)."""
    start = threading.Barrier(2, timeout=WAIT)
    out: list[tuple[str, Any]] = [("", None), ("", None)]

    def side(i: int) -> None:
        try:
            start.wait()
            out[i] = ("ok", work())
        except BaseException as exc:  # reported to the test
            out[i] = ("raised", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=side, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 3)
    assert not any(t.is_alive() for t in threads), "a side never finished"
    return out


def meeting_before(monkeypatch, module: Any, name: str) -> threading.Barrier:
    """Make the first call of `module.name` in each thread wait for the other thread's: both
    sides have checked the file against the same database before either writes."""
    real = getattr(module, name)
    barrier = threading.Barrier(2, timeout=WAIT)
    called = threading.local()

    def met(*args: Any, **kwargs: Any) -> Any:
        if not getattr(called, "once", False):
            called.once = True
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, met)
    return barrier


def meeting_inside(monkeypatch, module: Any, name: str, timeout: float = 1) -> None:
    """Make `module.name`, called inside a write's transaction, wait (at most `timeout`
    seconds) for the other thread's call: both sides have read what is stored before either
    writes, unless the write keeps the other side out until it commits (then the wait times
    out and each side goes on)."""
    real = getattr(module, name)
    barrier = threading.Barrier(2, timeout=timeout)

    def met(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, met)


def command(*args: str) -> Callable[[], tuple[int, str, str]]:
    """A command run: (exit status, stdout, stderr); a CommandError is exit status 1."""

    def run() -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=err)
        except CommandError as exc:
            return 1, out.getvalue(), f"{err.getvalue()}{exc}"
        return 0, out.getvalue(), err.getvalue()

    return run


PLACES = ("130727", "110119202201")  # 滦平县 for the ledger, 黑峪口村 for the registry


@pytest.fixture(scope="module")
def region_rows(django_db_setup, django_db_blocker):
    """The regions the tests need and their ancestors, read once: a transactional test empties
    the tables after it, and loading the division tree again takes seconds."""
    from fupin.regions.models import Region
    from fupin.regions.services import regions_load

    codes = [p[:n] for p in PLACES for n in (2, 4, 6, 9, 12) if n <= len(p)]
    with django_db_blocker.unblock():
        if Region.objects.filter(code__in=PLACES).count() < len(PLACES):
            regions_load(only=PLACES)
        return sorted(Region.objects.filter(code__in=codes).values(), key=lambda r: len(r["code"]))


@pytest.fixture
def regions(region_rows):
    from fupin.assistance.indicators import standard_indicators_ensure
    from fupin.regions.models import Region

    Region.objects.bulk_create([Region(**row) for row in region_rows], ignore_conflicts=True)
    standard_indicators_ensure()  # emptied with the rest


@pytest.fixture
def unit(regions):
    from tests.assistance.factories import pair, units

    u = units((1, "集团", None))[1]
    pair(u, "130727")
    return u


# the ledger import ---------------------------------------------------------------------


def test_two_ledger_imports_of_one_file_write_each_entry_once(tmp_path, monkeypatch, unit):
    from tests.assistance.factories import code

    from fupin.assistance import imports, services
    from fupin.assistance.models import LedgerEntry

    path = tmp_path / "ledger.csv"
    path.write_text(
        "编号,单位信用代码,日期,指标,数值,行政区划代码,冲销\n"
        f"L1,{code(1)},2020-03-01,直接投入帮扶资金,1000.00,130727,\n"
        f"L2,{code(1)},2020-03-02,直接投入帮扶资金,250.50,130727,\n"
        f"L3,{code(1)},,,,,L1\n",
        encoding="utf-8",
    )
    meeting_before(monkeypatch, imports.services, "ledger_entries_add")
    assert imports.services is services

    runs = both(command("ledger", "import", str(path)))

    assert [kind for kind, _ in runs] == ["ok", "ok"], runs
    statuses = sorted(value[0] for _, value in runs)
    outputs = sorted(value[1].strip() for _, value in runs)
    assert statuses == [0, 0], runs
    assert outputs == [
        "ledger entries: 0 created, 0 updated, 3 unchanged, 0 invalid rows skipped",
        "ledger entries: 3 created, 0 updated, 0 unchanged, 0 invalid rows skipped",
    ]
    assert sorted(LedgerEntry.objects.values_list("entry_id", "amount")) == [
        ("L1", 1000),
        ("L2", 250.5),
        ("L3", -1000),
    ]


def test_a_ledger_import_meeting_other_values_names_the_rows(tmp_path, monkeypatch, unit):
    """Two files with the same entry numbers and other amounts: the first written stays, the
    other is refused with the rows (entries are never edited), nothing of it written."""
    from tests.assistance.factories import code

    from fupin.assistance import imports
    from fupin.assistance.models import LedgerEntry

    paths = []
    for n, amount in enumerate(("100.00", "999.00")):
        path = tmp_path / f"ledger{n}.csv"
        path.write_text(
            "编号,单位信用代码,日期,指标,数值,行政区划代码\n"
            f"M1,{code(1)},2020-03-01,直接投入帮扶资金,{amount},130727\n"
            f"M{n + 2},{code(1)},2020-03-01,直接投入帮扶资金,5.00,130727\n",
            encoding="utf-8",
        )
        paths.append(path)
    meeting_before(monkeypatch, imports.services, "ledger_entries_add")
    turn = iter(paths)
    lock = threading.Lock()

    def run() -> tuple[int, str, str]:
        with lock:
            path = next(turn)
        return command("ledger", "import", str(path))()

    runs = both(run)

    assert [kind for kind, _ in runs] == ["ok", "ok"], runs
    results = sorted(value for _, value in runs)
    assert results[0][0] == 0 and results[1][0] == 1, runs
    assert "row 2, column 编号: entry exists with other values" in results[1][2]
    assert "nothing was written" in results[1][2]
    stored = dict(LedgerEntry.objects.values_list("entry_id", "amount"))
    assert len(stored) == 2 and "M1" in stored
    winner = "M2" if stored["M1"] == 100 else "M3"
    assert winner in stored


# the registry import -------------------------------------------------------------------


def test_two_registry_imports_of_one_file_write_each_household_once(tmp_path, monkeypatch, regions):
    from tests.factories import id_number, member_row, write_csv

    from fupin.core.models import Change
    from fupin.registry import imports, services
    from fupin.registry.models import Household, Member, Survey

    path = write_csv(
        tmp_path / "registry.csv",
        [
            member_row("H1", 姓名="张三"),
            member_row("H1", "配偶", 姓名="李梅", 证件号码=id_number(male=False)),
            member_row("H2", 姓名="王五", 工资性收入=9000),
        ],
    )
    meeting_before(monkeypatch, imports, "registry_tables_write")
    meeting_inside(monkeypatch, services, "_stored_states")

    runs = both(command("registry", "import", str(path)))

    assert [kind for kind, _ in runs] == ["ok", "ok"], runs
    assert [value[0] for _, value in runs] == [0, 0], runs
    assert all(
        value[1].startswith("imported 2 households, 3 members, 2 surveys") for _, value in runs
    ), runs
    unchanged = sorted(value[1].strip().rsplit("; ", 1)[1] for _, value in runs)
    assert unchanged == ["0 households unchanged", "2 households unchanged"], runs
    assert Household.objects.count() == 2
    assert sorted(Member.objects.values_list("household__number", "name")) == [
        ("H1", "张三"),
        ("H1", "李梅"),
        ("H2", "王五"),
    ]
    assert Survey.objects.count() == 2
    assert list(Household.objects.order_by("number").values_list("number", "version")) == [
        ("H1", 1),
        ("H2", 1),
    ]
    history = sorted((c.label, list(c.changes)) for c in Change.objects.filter(subject="household"))
    assert history == [("H1", ["created"]), ("H2", ["created"])]


# reversing one entry -------------------------------------------------------------------


@pytest.fixture
def stored_entry(unit):
    from tests.assistance.factories import entry

    return entry("E1", unit, "2020-03-01", "funds_invested", "1000.00", "130727")


def test_two_reversals_of_one_entry_one_wins_the_other_gets_a_conflict(stored_entry):
    from fupin.assistance import services
    from fupin.assistance.models import LedgerEntry

    numbers = iter(["R1", "R2"])
    lock = threading.Lock()

    def reverse() -> str:
        with lock:
            number = next(numbers)
        return services.ledger_reverse(entry=stored_entry, entry_id=number).entry_id

    runs = both(reverse)

    kinds = sorted(kind for kind, _ in runs)
    assert kinds == ["ok", "raised"], runs
    error = next(value for kind, value in runs if kind == "raised")
    assert isinstance(error, services.Conflict), repr(error)
    assert error.message == "entry E1 is already reversed"
    reversals = list(LedgerEntry.objects.filter(reverses=stored_entry).values_list("amount"))
    assert reversals == [(-1000,)]
    assert LedgerEntry.objects.count() == 2


def test_two_reversals_through_the_api_give_201_and_409(stored_entry):
    from rest_framework.test import APIClient

    from fupin.accounts.models import User
    from fupin.assistance.models import LedgerEntry

    user = User.objects.create_user("api", password="a-long-test-password", role="assisting_unit")
    user.units.set([stored_entry.unit])
    url = f"/api/ledger/{stored_entry.pk}/reverse/"

    def post() -> tuple[int, Any]:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        response = client.post(url, {}, format="json")
        return response.status_code, response.json()

    runs = both(post)

    assert [kind for kind, _ in runs] == ["ok", "ok"], runs
    answers = sorted(value for _, value in runs)
    assert [status for status, _ in answers] == [201, 409], answers
    assert answers[0][1]["amount"] == "-1000.00"
    assert answers[1][1]["error"]["code"] == "conflict"
    assert "E1" in answers[1][1]["error"]["message"]
    assert LedgerEntry.objects.filter(reverses=stored_entry).count() == 1
    assert LedgerEntry.objects.filter(date=dt.date(2020, 3, 1)).count() == 2


def test_two_reversals_on_the_page_one_is_told_the_entry_is_reversed(stored_entry):
    from django.test import Client

    from fupin.accounts.models import User
    from fupin.assistance.models import LedgerEntry

    user = User.objects.create_user("page", password="a-long-test-password", role="assisting_unit")
    user.units.set([stored_entry.unit])
    url = f"/assistance/units/{stored_entry.unit.pk}/ledger/{stored_entry.pk}/reverse/"

    def post() -> tuple[int, str]:
        client = Client()
        client.force_login(user)
        client.cookies["django_language"] = "en"
        response = client.post(url, {"date": ""}, follow=True)
        return response.status_code, response.content.decode()

    runs = both(post)

    assert [kind for kind, _ in runs] == ["ok", "ok"], runs
    assert [status for _, (status, _) in runs] == [200, 200]
    told = [page for _, (_, page) in runs if "entry E1 is already reversed" in page]
    assert len(told) == 1
    assert LedgerEntry.objects.filter(reverses=stored_entry).count() == 1


def test_an_import_reversing_an_entry_the_page_reverses_meanwhile_names_the_row(
    tmp_path, monkeypatch, stored_entry
):
    """The file was checked before the entry was reversed elsewhere: checked again, its row is
    refused (an entry is reversed once), nothing of the file written."""
    from tests.assistance.factories import code

    from fupin.assistance import imports, services
    from fupin.assistance.models import LedgerEntry

    path = tmp_path / "ledger.csv"
    path.write_text(
        "编号,单位信用代码,日期,指标,数值,行政区划代码,冲销\n"
        f"N1,{code(1)},2020-04-01,直接投入帮扶资金,10.00,130727,\n"
        f"R9,{code(1)},,,,,E1\n",
        encoding="utf-8",
    )
    met = meeting_before(monkeypatch, imports.services, "ledger_entries_add")
    sides = iter(["import", "page"])
    lock = threading.Lock()

    def run() -> Any:
        with lock:
            side = next(sides)
        if side == "import":
            return command("ledger", "import", str(path))()
        met.wait()  # the file is checked: E1 not yet reversed
        return services.ledger_reverse(entry=stored_entry, entry_id="R1").entry_id

    runs = both(run)

    by_side = sorted(runs, key=lambda r: not isinstance(r[1], tuple))  # the import's first
    outcome = dict(zip(["import", "page"], by_side, strict=True))
    assert outcome["import"][0] == "ok", runs
    stored = sorted(LedgerEntry.objects.values_list("entry_id", flat=True))
    assert LedgerEntry.objects.filter(reverses=stored_entry).count() == 1
    if outcome["page"][0] == "ok":  # the page first: the file is refused at its row
        status, _, err = outcome["import"][1]
        assert status == 1 and "row 3, column 冲销: entry E1 is already reversed" in err, err
        assert stored == ["E1", "R1"]
    else:  # the file first: the page is told
        error = outcome["page"][1]
        assert isinstance(error, services.Conflict) and error.message == (
            "entry E1 is already reversed"
        )
        assert outcome["import"][1][0] == 0
        assert stored == ["E1", "N1", "R9"]
