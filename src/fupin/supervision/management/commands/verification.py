"""`fupin verification sample CAMPAIGN --seed N | export CAMPAIGN OUT [--evaluator USER]
[--county CODE] | import FILE | rates CAMPAIGN [--format json|text] | decide CAMPAIGN
--county CODE | report-back CAMPAIGN`; CAMPAIGN is the campaign's id or YEAR/NAME, and
--user USER acts as that user (in their scope) instead of the operator."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.commands import FupinCommand
from fupin.core.errors import InvalidInput, NotFound, RowErrors
from fupin.core.models import Source
from fupin.exchange.errorfile import write_errors
from fupin.supervision import verification
from fupin.supervision.models import Campaign
from fupin.supervision.verification_access import (
    campaign_check_manageable,
    campaign_counties_for,
    campaigns_for,
    samples_for,
)
from fupin.supervision.verification_imports import KEEP_THEIRS, TAKE_MINE, workbook_import
from fupin.supervision.verification_rates import campaign_rates_data
from fupin.supervision.verification_workbook import workbook_place, workbook_write


class Command(FupinCommand):
    help = "Exit verification campaigns: draw the sample, field workbooks, rates and decisions."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        def campaign_parser(name: str, text: str) -> Any:
            p = sub.add_parser(name, help=text)
            p.add_argument("campaign", help="the campaign's id, or YEAR/NAME")
            p.add_argument("--user", help="act as this user (default: the operator)")
            return p

        sample = campaign_parser("sample", "draw (or draw again) the campaign's sample")
        sample.add_argument("--seed", type=int, required=True, help="the random seed")
        export = campaign_parser("export", "the field workbook (xlsx) of the sampled households")
        export.add_argument("out", help="the xlsx file to write")
        export.add_argument("--evaluator", help="only the households of this evaluator")
        export.add_argument("--county", help="only the households of this county (code)")
        imported = sub.add_parser("import", help="a filled workbook, all or nothing")
        imported.add_argument("file", help="the filled xlsx workbook")
        imported.add_argument("--user", help="import as this user (default: the operator)")
        imported.add_argument("--errors", metavar="OUT", help="also write errors to this file")
        imported.add_argument(
            "--resolve",
            choices=(KEEP_THEIRS, TAKE_MINE),
            help="for verdicts changed since the export: keep theirs, or take the file's",
        )
        rates = campaign_parser("rates", "per county: the four rates, thresholds, decision")
        rates.add_argument("--format", choices=("text", "json"), default="text")
        decide = campaign_parser("decide", "record a county's exit decision from its rates")
        decide.add_argument("--county", required=True, help="the county's code")
        decide.add_argument("--on", type=dt.date.fromisoformat, help="date (default today)")
        report = campaign_parser(
            "report-back", "report the households found wrongly exited as findings"
        )
        report.add_argument("--on", type=dt.date.fromisoformat, help="date (default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _actor(options.get("user"))
        action = options["action"]
        if action == "import":
            self._import(actor, options)
            return
        campaign = _campaign(actor, options["campaign"])
        getattr(self, "_" + action.replace("-", "_"))(actor, campaign, options)

    def _sample(self, actor: Any, campaign: Campaign, options: dict[str, Any]) -> None:
        campaign_check_manageable(actor, campaign)
        notes = verification.campaign_sample(
            campaign=campaign, seed=options["seed"], actor=_who(actor), source=Source.IMPORT
        )
        for row in campaign_counties_for(actor, campaign):
            count = samples_for(actor, campaign).filter(campaign_county=row).count()
            self.stdout.write(f"{row.county_id} {row.county.name}: {count} households")
            for note in notes.get(row.county_id, []):
                self.stdout.write(f"  {note}")

    def _export(self, actor: Any, campaign: Campaign, options: dict[str, Any]) -> None:
        samples = samples_for(actor, campaign)
        county = evaluator = None
        if options.get("evaluator"):
            evaluator = _user(options["evaluator"])
            samples = samples.filter(evaluator=evaluator)
        if options.get("county"):
            row = campaign_counties_for(actor, campaign).filter(county_id=options["county"]).first()
            if row is None:
                raise NotFound(f"county {options['county']} is not in campaign {campaign.pk}")
            county = row.county
            samples = samples.filter(campaign_county=row)
        out = options["out"]
        if not str(out).lower().endswith(".xlsx"):
            raise InvalidInput(f"{out}: the workbook is an .xlsx file")
        count = workbook_write(
            out,
            campaign=campaign,
            samples=samples,
            place=workbook_place(campaign, county=county, evaluator=evaluator),
        )
        self.stdout.write(f"written {count} households to {out}")

    def _import(self, actor: Any, options: dict[str, Any]) -> None:
        path = options["file"]
        result = workbook_import(path=path, actor=actor)
        if result.conflicts and options.get("resolve"):
            choices = {c.sample_id: options["resolve"] for c in result.conflicts}
            result = workbook_import(path=path, actor=actor, choices=choices)
        if result.errors:
            if options.get("errors"):
                write_errors(options["errors"], result.errors, source=path)
                self.stderr.write(f"errors written to {options['errors']}")
            raise RowErrors(result.errors)
        for c in result.conflicts:
            differ = [k for k in c.ours if c.theirs.get(k) != c.ours[k]]
            shown = "; ".join(f"{k}: {c.theirs.get(k)} → {c.ours[k]}" for k in differ)
            self.stderr.write(
                f"row {c.row}: household {c.household} changed by {c.by or 'someone'} "
                f"(version {c.version}, file's {c.exported_version}): {shown}"
            )
        if result.conflicts:
            raise InvalidInput(
                f"{len(result.conflicts)} verdict(s) changed since the export; nothing was "
                "written (use --resolve theirs|mine)"
            )
        self.stdout.write(result.summary())

    def _rates(self, actor: Any, campaign: Campaign, options: dict[str, Any]) -> None:
        data = campaign_rates_data(campaign, campaign_counties_for(actor, campaign))
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{campaign.year} {campaign.name} ({campaign.regime})")
        for county in data["counties"]:
            self.stdout.write("")
            self.stdout.write(
                f"{county['county']} {county['name']}: {county['recorded']} of "
                f"{county['sampled']} sampled households recorded"
            )
            self.stdout.write(
                f"  {'indicator':<22}{'rate':>10}{'count':>14}   {'95% interval':<20}"
                f"{'threshold':<12}result"
            )
            for i in county["indicators"]:
                self.stdout.write("  " + _indicator_line(i))
            if county["exit"] is None:
                self.stdout.write(f"  decision: none ({county['problem']})")
            elif county["exit"]:
                self.stdout.write("  decision: may exit")
            else:
                self.stdout.write(
                    f"  decision: may not exit (failing: {', '.join(county['failing'])})"
                )
            decided = county["decided"]
            if decided["may_exit"] is not None:
                word = "may exit" if decided["may_exit"] else "may not exit"
                self.stdout.write(f"  recorded on {decided['on']}: {word}")

    def _decide(self, actor: Any, campaign: Campaign, options: dict[str, Any]) -> None:
        campaign_check_manageable(actor, campaign)
        row = campaign_counties_for(actor, campaign).filter(county_id=options["county"]).first()
        if row is None:
            raise NotFound(f"county {options['county']} is not in campaign {campaign.pk}")
        outcome = verification.county_decide(
            row=row,
            on=options.get("on") or timezone.localdate(),
            actor=_who(actor),
            source=Source.IMPORT,
        )
        decision = outcome.decision
        assert decision is not None  # county_decide refuses a county without one
        failing = ", ".join(i.code for i in decision.failing)
        self.stdout.write(
            f"{row.county_id} {row.county.name}: "
            + ("may exit" if decision.exit else f"may not exit (failing: {failing})")
        )

    def _report_back(self, actor: Any, campaign: Campaign, options: dict[str, Any]) -> None:
        campaign_check_manageable(actor, campaign)
        found = verification.look_back_report(
            campaign=campaign,
            on=options.get("on") or timezone.localdate(),
            actor=_who(actor),
            source=Source.IMPORT,
        )
        for finding in found:
            self.stdout.write(f"finding {finding.pk}: {finding.text}")
        self.stdout.write(f"reported {len(found)} wrongly exited household(s)")


def _indicator_line(i: dict[str, Any]) -> str:
    rate = f"{i['percent']}%" if i["percent"] is not None else "—"
    count = f"{i['numerator']}/{i['denominator']}" if i["numerator"] is not None else "—"
    if i["code"] == "incidence":  # an estimate over the county's people: no sample count
        count = "—"
    interval = i["interval"]
    shown = f"[{interval['low'] * 100:.2f}%, {interval['high'] * 100:.2f}%]" if interval else "—"
    threshold = i["threshold"]
    limit = f"{threshold['comparison']} {threshold['percent']}%" if threshold else "—"
    result = {True: "pass", False: "FAIL", None: "—"}[i["passed"]]
    return f"{_pad(i['name_zh'], 22)}{rate:>10} {count:>13}   {shown:<20}{limit:<12}{result}"


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    return text + " " * max(0, width - len(text.encode("gbk", "replace")))


def _user(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise NotFound(f"no user {name}")
    return user


def _actor(name: str | None) -> Any:
    """The user named, or the operator: an unsaved administrator (history shows no user)."""
    if name:
        user = _user(name)
        if not user.is_active:
            raise InvalidInput(f"user {name} is not active")
        return user
    return User(username="operator", is_superuser=True, is_active=True)


def _who(actor: Any) -> Any:
    return actor if actor.pk else None


def _campaign(actor: Any, text: str) -> Campaign:
    """A campaign the actor may open, by id or YEAR/NAME."""
    found = None
    if text.isdigit():
        found = campaigns_for(actor).filter(pk=int(text)).first()
    elif "/" in text:
        year, name = text.split("/", 1)
        if year.strip().isdigit():
            found = campaigns_for(actor).filter(year=int(year), name=name.strip()).first()
    if found is None:
        raise NotFound(f"no campaign {text} (give its id or YEAR/NAME)")
    return found
