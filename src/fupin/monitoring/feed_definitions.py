"""Department feed definitions (部门筛查预警): the defaults in data/feeds.toml, loaded by
`feeds_sync` without overwriting a definition someone edited (in the admin or with `fupin
feeds define FILE.toml`); every definition checked before it is kept, with a new version and
a history row when it changes."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from fupin.core.errors import InvalidInput, NotFound
from fupin.core.history import change_record
from fupin.core.models import Change, Source
from fupin.monitoring.enums import Department
from fupin.monitoring.feed_rules import Definition, DefinitionError, definition_parse
from fupin.monitoring.models import Feed
from fupin.policy.regimes import list_regimes, load_regime

DEFAULTS = Path(__file__).parent / "data" / "feeds.toml"
#: the fields of a definition, as in the TOML file and on the model
FIELDS = ("name", "department", "columns", "rule", "risk", "description", "active")
_CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def risk_codes() -> list[str]:
    """Every risk code of the monitoring schemes (code table 100A27, sub-types as a:b)."""
    codes: dict[str, None] = {}
    for name in list_regimes():
        regime = load_regime(name)
        if regime.scheme is not None:
            codes.update(dict.fromkeys(regime.scheme.risk_codes()))
    return list(codes)


class FeedInvalid(InvalidInput):
    """A definition refused: `field` names what is wrong (code, name, department, columns,
    rule, risk, description, active) and `detail` says how, without the feed's code."""

    def __init__(self, code: Any, field: str, detail: str) -> None:
        super().__init__(f"feed {code}: {detail}")
        self.field = field
        self.detail = detail


def feed_validate(data: dict[str, Any]) -> dict[str, Any]:
    """A feed definition (code and FIELDS) checked and completed with its defaults;
    FeedInvalid naming the feed and the field (or column, or numbered condition)."""
    code = data.get("code")
    if not isinstance(code, str) or not code or not set(code) <= _CODE_CHARS or len(code) > 40:
        raise FeedInvalid(code, "code", "a feed code is lowercase letters, digits and _")
    unknown = sorted(set(data) - {"code", *FIELDS})
    if unknown:
        raise FeedInvalid(code, unknown[0], f"unknown entry {unknown[0]}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        raise FeedInvalid(code, "name", "a name of 1 to 120 characters is needed")
    department = data.get("department")
    if department not in Department.values:
        known = ", ".join(Department.values)
        raise FeedInvalid(code, "department", f"unknown department {department} ({known})")
    risk = data.get("risk", "")
    if risk and risk not in risk_codes():
        raise FeedInvalid(code, "risk", f"unknown risk {risk}")
    try:
        definition_parse(data.get("columns"), data.get("rule"))
    except DefinitionError as exc:
        raise FeedInvalid(code, exc.field, exc.message) from None
    description = data.get("description", "")
    if not isinstance(description, str):
        raise FeedInvalid(code, "description", "the description is text")
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise FeedInvalid(code, "active", "active is true or false")
    return {
        "code": code,
        "name": name.strip(),
        "department": department,
        "columns": data["columns"],
        "rule": data["rule"],
        "risk": risk,
        "description": description.strip(),
        "active": active,
    }


def feed_definitions_read(path: str | Path) -> list[dict[str, Any]]:
    """The definitions of a TOML file, validated: ``[[feeds]]`` tables, or one feed written
    at the top level of the file."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name}: not a TOML file ({exc})") from None
    feeds = data.get("feeds", [data] if "code" in data else [])
    if not isinstance(feeds, list) or not feeds:
        raise InvalidInput(f"{path.name}: no feed definition ([[feeds]] tables, or code = …)")
    checked = [feed_validate(f if isinstance(f, dict) else {}) for f in feeds]
    codes = [f["code"] for f in checked]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise InvalidInput(f"{path.name}: feed {twice[0]} is defined twice")
    return checked


def feed_edited(feed: Feed) -> bool:
    """Whether someone changed the definition (in the admin or from a file): its history has
    a change not made by `feeds_sync`."""
    return (
        Change.objects.filter(subject="feed", subject_id=feed.pk)
        .exclude(source=Source.SYSTEM)
        .exists()
    )


def feed_save(*, data: dict[str, Any], actor: Any, source: str = Source.IMPORT) -> tuple[Feed, str]:
    """Add or replace the feed `data["code"]` (validated); a new version with a history row
    when it changes. Returns the feed and "created", "updated" or "unchanged"."""
    data = feed_validate(data)
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(code=data["code"]).first()
        if feed is None:
            feed = Feed.objects.create(**data)
            change_record(
                subject="feed",
                obj_id=feed.pk,
                label=feed.code,
                changes={"created": [None, feed.code]},
                actor=actor,
                source=source,
            )
            return feed, "created"
        changes = {
            f: [getattr(feed, f), data[f]]
            for f in FIELDS
            if canonical(getattr(feed, f)) != canonical(data[f])
        }
        if not changes:
            return feed, "unchanged"
        for name in changes:
            setattr(feed, name, data[name])
        feed.version += 1
        feed.save()
        change_record(
            subject="feed",
            obj_id=feed.pk,
            label=feed.code,
            changes=changes,
            actor=actor,
            source=source,
        )
    return feed, "updated"


def feed_define(*, path: str | Path, actor: Any = None) -> list[tuple[Feed, str]]:
    """`fupin feeds define FILE.toml`: add or replace the feeds the file defines (all checked
    before any is written)."""
    definitions = feed_definitions_read(path)
    with transaction.atomic():
        return [feed_save(data=d, actor=actor, source=Source.IMPORT) for d in definitions]


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by someone: left as they are


def feeds_sync(*, actor: Any = None, path: str | Path = DEFAULTS) -> SyncResult:
    """Load the default definitions: create the missing feeds, bring those nobody edited up
    to the file, and never overwrite a definition someone edited (it is reported as kept).
    Running it again changes nothing."""
    result = SyncResult()
    definitions = feed_definitions_read(path)
    with transaction.atomic():
        for data in definitions:
            current = Feed.objects.filter(code=data["code"]).first()
            if current is not None and feed_edited(current):
                same = all(canonical(getattr(current, f)) == canonical(data[f]) for f in FIELDS)
                (result.unchanged if same else result.kept).append(data["code"])
                continue
            _feed, outcome = feed_save(data=data, actor=actor, source=Source.SYSTEM)
            getattr(result, outcome).append(data["code"])
    return result


def feed_get(code: str) -> Feed:
    feed = Feed.objects.filter(code=code).first()
    if feed is None:
        known = ", ".join(Feed.objects.order_by("code").values_list("code", flat=True))
        raise NotFound(f"no feed {code} (known: {known or 'none; run fupin feeds sync'})")
    return feed


def feed_definition(feed: Feed) -> Definition:
    """The stored definition parsed; InvalidInput when it is not usable."""
    try:
        return definition_parse(feed.columns, feed.rule)
    except DefinitionError as exc:
        raise InvalidInput(f"feed {feed.code}: {exc.message}") from None


def canonical(value: Any) -> str:
    """A JSON value as text that does not depend on key order."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
