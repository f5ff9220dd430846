"""`fupin feeds list | sync | define FILE.toml | import FEED FILE [--mode …] [--errors OUT]`."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand
from fupin.core.identifiers import mask_id_number
from fupin.exchange.commands import SHOWN, import_arguments, import_run
from fupin.monitoring import feeds
from fupin.monitoring.feed_rules import DefinitionError, definition_parse
from fupin.monitoring.models import Feed


class Command(FupinCommand):
    help = "Department feeds (部门筛查预警): definitions, and the import of a department's file."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("list", help="the feeds: code, name, department, rule in words")
        sub.add_parser("sync", help="load the default definitions (an edited one is kept)")
        define = sub.add_parser("define", help="add or replace definitions from a TOML file")
        define.add_argument("file", help="TOML: [[feeds]] tables, or one feed at the top")
        run = sub.add_parser("import", help="import a department's file (xlsx or csv)")
        run.add_argument("feed", help="the feed's code (see fupin feeds list)")
        import_arguments(run)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "sync":
            self._sync()
        elif action == "define":
            for feed, outcome in feeds.feed_define(path=options["file"]):
                self.stdout.write(f"{outcome} {feed.code} (version {feed.version})")
        elif action == "list":
            self._defaults_ensure()
            for feed in Feed.objects.order_by("code"):
                self.stdout.write(_line(feed))
        else:
            self._defaults_ensure()
            feed = feeds.feed_get(options["feed"])
            import_run(
                self,
                lambda path, mode: feeds.feed_import(feed=feed, path=path, mode=mode),
                options,
                _summary,
            )

    def _sync(self) -> None:
        result = feeds.feeds_sync()
        for name in ("created", "updated", "unchanged", "kept"):
            codes = getattr(result, name)
            if codes:
                note = " (edited, left as they are)" if name == "kept" else ""
                self.stdout.write(f"{name}: {', '.join(codes)}{note}")

    def _defaults_ensure(self) -> None:
        """A database without feeds gets the defaults first."""
        if not Feed.objects.exists():
            feeds.feeds_sync()


def _line(feed: Feed) -> str:
    try:
        rule = definition_parse(feed.columns, feed.rule).words("en")
    except DefinitionError as exc:
        rule = f"(not usable: {exc.message})"
    state = "" if feed.active else " [inactive]"
    risk = f" → {feed.risk}" if feed.risk else ""
    return f"{feed.code}\t{feed.name}\t{feed.department}\t{rule}{risk}{state}"


def _summary(result: feeds.FeedResult) -> str:
    lines = [
        f"batch {result.batch}: rows {result.rows}, matched {result.matched}, "
        f"unmatched {result.unmatched}, flagged {result.flagged}"
    ]
    if result.repeated:
        lines.append(
            f"{result.repeated} rows repeat an earlier batch's evidence; "
            "those flagged before were not flagged again"
        )
    if result.skipped:
        lines.append(f"skipped {result.skipped} invalid rows")
    if result.unmatched_rows:
        lines.append(
            f"not in the registry ({result.unmatched_held} of them meet the rule), kept as rows:"
        )
        lines += [f"  row {n}: {mask_id_number(i)}" for n, i in result.unmatched_rows[:SHOWN]]
        if len(result.unmatched_rows) > SHOWN:
            lines.append(f"  … and {len(result.unmatched_rows) - SHOWN:,} more")
    return "\n".join(lines)
