"""The reasons fupin gives for rejecting input, in the reader's language.

Parsers, imports and services state their reasons in English with their particulars filled
in ("must be at least 1949"), because the same text goes to the command line, logs and tests.
Pages, API answers and error files show them through `translated`, which recognises each
reason by its template below and returns the template's translation with the same
particulars. The templates are the message ids of the `zh_Hans` catalogue; a reason with no
template is shown as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.translation import gettext


def N_(template: str) -> str:  # marks a template; its wording is in scripts/reasons_po.py
    return template


TEMPLATES: tuple[str, ...] = (
    # one cell (exchange.cells, core.money, registry.layout)
    N_("empty"),
    N_("not a whole number"),
    N_("not a number"),
    N_("too large"),
    N_("must not be negative"),
    N_("must be at least %(low)s"),
    N_("must be at most %(high)s"),
    N_("must be 是/否 (or true/false)"),
    N_("not a date (use YYYY-MM-DD)"),
    N_("unknown value; expected one of %(choices)s"),
    N_("longer than %(limit)s characters"),
    N_("not a 12-digit village code"),
    N_("required value is empty"),
    N_("contains a NUL character (U+0000)"),  # any text (core.nul)
    # ID numbers (core.identifiers)
    N_("ID number is empty"),
    N_("a 15-digit ID number has only digits"),
    N_("birth date in the ID number is not a real date"),
    N_("15-digit ID number (GB 11643-1989) should be upgraded to 18 digits"),
    N_("disability certificate number used as ID number"),
    N_("ID number has %(count)s characters, not 18"),
    N_("ID number has characters other than digits and a final X"),
    N_("check digit is wrong (expected %(digit)s)"),
    N_("address code %(code)s did not exist in the birth year %(year)s"),
    # the header and the rows of a file (exchange.layouts, registry.imports, regions)
    N_("column appears twice"),
    N_("required column is missing (%(key)s)"),
    N_("the header row is not usable; nothing was written"),
    N_("unknown column, ignored"),
    N_("%(count)s error(s) in the file; nothing was written"),
    N_("%(count)s error(s) and %(warnings)s warning(s) in the file; nothing was written"),
    N_("year is empty and no --year was given"),
    N_(
        "person already in household %(household)s (row %(row)s); "
        "a person belongs to one household only"
    ),
    N_("same person as row %(row)s with other details"),
    N_("differs from row %(row)s of the same household ('%(value)s')"),
    N_("household %(household)s has no head (户主)"),
    N_("second head in household (first on row %(row)s)"),
    N_("exit year %(exit)s is before the registration year %(registered)s"),
    N_("village outside your regions"),
    N_("no such village in the division tree"),
    N_(
        "person is a member of household %(household)s in the registry; "
        "a person belongs to one household only"
    ),
    N_("no such region"),
    N_("region and year already given on row %(row)s"),
    N_("no monitoring regime covers %(year)s"),
    N_("region outside your regions"),
    N_("your role may not set monitoring ranges"),
    N_("must be more than 0"),
    # forms and services (registry.editing, registry.services, access)
    N_("a household needs its head (户主)"),
    N_("a household with this number exists"),
    N_("not a field of this form"),
    N_("not a survey field: %(fields)s"),
    N_("no household %(number)s"),
    N_("no household numbered %(number)s"),
    N_("household %(number)s has no survey for %(year)s"),
    N_(
        "household %(number)s was changed by someone else since you opened it "
        "(version %(version)s, yours %(yours)s); reload and edit again"
    ),
    N_("your role may not change the registry"),
    N_("your role may not run the evaluation"),
    N_("no region with code %(code)s"),
    N_("no job %(job)s"),
    N_("%(name)s: not an xlsx or csv file"),
    N_("%(name)s: the file is empty"),
    N_("%(name)s: unknown file kind '%(suffix)s' (use .xlsx or .csv)"),
    N_("%(name)s: cannot read the spreadsheet (%(detail)s)"),
    N_("%(name)s: not a text file in UTF-8 or GB18030 (%(detail)s)"),
    N_("internal error; see the server log"),
    N_(
        "the worker %(worker)s ended before the job finished; nothing of it was kept, "
        "start it again"
    ),
    N_(
        "the worker %(worker)s reported nothing for %(minutes)s minutes; the job was stopped, "
        "nothing of it was kept, start it again"
    ),
    N_("the request has invalid fields"),
    # data-quality findings (registry.checks)
    N_("%(column)s %(value)s for %(members)s members"),
    N_("household has no head (户主)"),
    N_("registered household without a main cause"),
    N_("registered household without an attribute"),
    N_("health is empty"),
    N_("education is empty"),
    N_("student status empty, age %(age)s"),
    N_("labour skill empty, age %(age)s"),
    N_("main cause 因病 but no member is ill"),
    N_("main cause 因学 but no member is a student"),
    N_("main cause 因残 but no member is disabled"),
    N_("attribute 低保 but no member receives dibao"),
    N_("able to work, age %(age)s"),
    N_("business income %(amount)s with no expense"),
    N_("per-capita net income %(amount)s"),
    N_("registered, not exited, no assistance person"),
    N_("spouse has the sex of the head"),
    N_("road distance %(distance)s km"),
    N_("age %(age)s at level %(level)s"),
    N_("ethnicity is empty"),
    N_("disabled, no disability certificate number"),
    N_(
        "disability certificate %(number)s is not the ID number followed by category and "
        "grade digits"
    ),
    N_("household electricity not recorded"),
    N_("sanitary toilet not recorded"),
    N_("on dibao but dibao payment is 0"),
    N_("dibao payment %(amount)s but no member on dibao"),
    N_("destitute household but support payment is 0"),
    N_("support payment %(amount)s but not a destitute household"),
    N_("assistance person is a member of poor household %(household)s"),
    # assistance work and its assessment (assistance, assessment)
    N_("a credit code has 18 characters, not %(count)s"),
    N_("check character is wrong (expected %(char)s)"),
    N_("not a credit code (digits and capital letters except I, O, S, V, Z)"),
    N_("unit already given on row %(row)s"),
    N_("a unit is not its own parent"),
    N_("no such unit in the file or stored"),
    N_("the parents form a cycle"),
    N_("the units' parents form a cycle"),
    N_("no such unit"),
    N_("no unit %(unit)s"),
    N_("no unit %(unit)s; did you mean: %(names)s"),
    N_("no unit %(unit)s (give its full name or its credit code)"),
    N_("several units are named %(name)s; give the credit code"),
    N_("ends before it starts"),
    N_("pairing already given on row %(row)s"),
    N_("target already given on row %(row)s"),
    N_("unknown indicator (use its code or Chinese name)"),
    N_("%(indicator)s is counted in whole numbers"),
    N_("entry already given on row %(row)s"),
    N_("must be above zero; a correction is a reversing entry"),
    N_("no such project"),
    N_("entry exists with other values; entries are never edited (add a reversing entry)"),
    N_("the reversed entry was not written"),
    N_("an entry does not reverse itself"),
    N_("entry %(entry)s is already reversed on row %(row)s"),
    N_("a reversal is not reversed; record the delivery again"),
    N_("entry %(entry)s is already reversed by %(other)s"),
    N_("no such entry (stored or on an earlier row)"),
    N_("the reversed entry's unit is %(unit)s"),
    N_("the reversed entry's indicator is %(indicator)s"),
    N_("a reversal negates the amount: %(amount)s"),
    N_("a reversal is dated on or after %(date)s"),
    N_("an entry's amount is above zero; a correction is a reversing entry"),
    N_("entry %(entry)s exists; entries are never edited"),
    N_("entry %(entry)s is a reversal; record the delivery again instead"),
    N_("entry %(entry)s is already reversed"),
    N_("a reversal is dated on or after the entry it reverses (%(date)s)"),
    N_("project %(code)s is %(status)s; it only moves forward"),
    N_("project %(code)s has not been publicly noticed"),
    N_("project %(code)s: the public notice runs until %(date)s"),
    N_("unknown project status %(status)s"),
    N_("'%(code)s' is reserved; choose another indicator code"),
    N_("indicator %(code)s exists"),
    N_("your role may not change this unit's work"),
    N_("parts exceed the pledge by %(amount)s"),
    N_("%(amount)s not yet passed down"),
    N_("term of %(years)s years is shorter than %(min)s"),
    N_("work team of %(count)s is smaller than %(min)s"),
    N_("not a scored item of the scheme: %(items)s"),
    N_("%(item)s: the score is between 0 and %(weight)s"),
    N_("%(grade)s is not a grade of %(scheme)s (%(labels)s)"),
    N_("grades go from the best down, each threshold lower"),
    N_("a deduction of %(points)s needs its reason"),
    N_("a deduction is above zero (%(points)s %(reason)s)"),
    N_("only administrators record final grades"),
    N_("no scheme %(scheme)s"),
    # notes on computed assessment items (assessment.selectors.item_rate)
    N_("no target"),
    N_("no project due"),
    N_("no paired county"),
    N_("supervision is not recorded yet"),
    N_("scored by the assessors"),
    N_("unit outside your units"),
    N_("dated after today (%(date)s)"),
    N_("indicator %(code)s belongs to another unit"),
    N_("unknown import %(what)s"),
    N_("only administrators import %(what)s"),
    # the assistance forms (assistance.services)
    N_("%(name)s: attachments are %(kinds)s"),
    N_("%(name)s: larger than %(size)s MB"),
    N_("not a project field: %(fields)s"),
    N_("budget must not be negative"),
    N_("project %(code)s exists"),
    N_("a leading group belongs to a unit or a region"),
    N_("a responsibility is for a unit or a region"),
    N_("the end %(end)s is before the start %(start)s"),
    N_("an indicator is named %(name)s"),
    N_("project of another unit"),
    N_("%(name)s: not kept (%(reason)s)"),
    N_("project %(code)s is %(status)s; it moves on to %(next)s"),
    N_("not among the regions the unit is paired with"),
    # the ledger's rules (assistance.ledger_rules)
    N_(
        "neither the unit nor a unit above or under it is paired with region %(region)s on "
        "%(date)s; name an exception reason if one applies"
    ),
    N_("the exception reason %(reason)s goes with the indicators %(indicators)s only"),
    N_("unknown exception reason %(reason)s"),
    N_(
        "a reversal is dated in its entry's year (%(year)s); mark it as in another year if it "
        "must be"
    ),
    # department feeds (monitoring.feeds, monitoring.feed_rules)
    N_("the rule must be a list of conditions"),
    N_("the rule needs at least one condition"),
    N_("columns must be a table of key = header"),
    N_("column %(key)s: a key is lowercase letters, digits and _"),
    N_("column %(key)s: header %(header)s is also that of %(other)s"),
    N_("columns must include id_number"),
    N_("column %(key)s: unknown entry %(entry)s"),
    N_("column %(key)s: unknown type %(type)s (text, number or date)"),
    N_("column %(key)s: header must be text or a list of texts"),
    N_("column id_number: an ID number is text"),
    N_("condition %(n)s: a condition is a table of column, op and value"),
    N_("condition %(n)s: unknown entry %(entry)s"),
    N_("condition %(n)s: unknown column %(column)s"),
    N_("condition %(n)s: unknown operator %(op)s (use >=, >, =, !=, <, <=, in, nonempty)"),
    N_("condition %(n)s: nonempty takes no value"),
    N_("condition %(n)s: %(op)s needs a value"),
    N_("condition %(n)s: %(column)s is text; %(op)s compares numbers or dates"),
    N_("condition %(n)s: in needs a list of values"),
    N_("condition %(n)s: %(value)s is not a value for %(column)s"),
    N_("condition %(n)s: %(value)s is not a number"),
    N_("condition %(n)s: %(value)s is not a date (use YYYY-MM-DD)"),
    N_("a feed code is lowercase letters, digits and _"),
    N_("unknown entry %(entry)s"),
    N_("a name of 1 to 120 characters is needed"),
    N_("unknown department %(department)s (%(known)s)"),
    N_("unknown risk %(risk)s"),
    N_("the description is text"),
    N_("active is true or false"),
    N_("%(name)s: not a TOML file (%(detail)s)"),
    N_("%(name)s: no feed definition ([[feeds]] tables, or code = …)"),
    N_("%(name)s: feed %(code)s is defined twice"),
    N_("no feed %(code)s (known: %(known)s)"),
    N_("feed %(code)s is not active"),
    N_("unknown mode %(mode)s (use strict or skip-invalid)"),
    N_("name differs from the registry (%(name)s)"),
    N_("a reason is needed to rule out a flag"),
    N_("row %(row)s is not a flag"),
    N_("this flag was ruled out already"),
    N_("a case was opened from this flag"),
    N_("your role may not import department feeds"),
    N_("your role may not see department feeds"),
    N_("your role may not work department flags"),
    N_("no batch %(batch)s"),
    N_("no feed row %(row)s"),
    # monitoring cases and their procedure (monitoring.cases, monitoring.procedure, imports)
    N_(
        "the public notice has run %(run)s day(s) of the "
        "%(min)s needed; the next step can be recorded from %(date)s"
    ),
    N_("an objection to the public notice, raised on %(date)s, is unresolved"),
    N_("unknown object type %(code)s; expected one of %(codes)s"),
    N_("object type %(type)s is only for registered (建档立卡) households"),
    N_("object type %(type)s is only for households never registered"),
    N_("at least one risk type"),
    N_("%(count)s risk types; at most %(max)s"),
    N_("unknown risk type %(code)s"),
    N_("risk type %(code)s given twice"),
    N_("household %(number)s already has an open case (reported on %(date)s, %(phase)s)"),
    N_("a self-report needs its way of reporting"),
    N_("a way of reporting goes with a self-report only"),
    N_("the department's row is of another household"),
    N_("your role may not record %(step)s"),
    N_("dated before the case was reported (%(date)s)"),
    N_("dated before the previous step (%(date)s)"),
    N_("no step is due on this case (%(phase)s)"),
    N_("%(step)s is not the next step; the next step is %(next)s"),
    N_("%(step)s needs its attachment (%(attachment)s)"),
    N_("the risk elimination conditions are not met: %(reasons)s"),
    N_("risk elimination starts from monitoring; the case is %(phase)s"),
    N_("the fast track's identification steps are not all recorded (next: %(step)s)"),
    N_("dated before the household was identified (%(date)s)"),
    N_("the objection's text is empty"),
    N_("dated before the notice started (%(date)s)"),
    N_("the case is not listed on this notice"),
    N_("the resolution is empty"),
    N_("dated before the objection was raised (%(date)s)"),
    N_("the objection is already resolved"),
    N_("unknown measure category %(code)s"),
    N_("the measure's content is empty"),
    N_("a ledger entry goes with its unit"),
    N_("the ledger entry is of another unit"),
    N_("a project goes with its unit"),
    N_("the project is of another unit"),
    N_("measures are recorded while the household is monitored (the case is %(phase)s)"),
    N_("no case %(case)s"),
    N_("none you may see has this id"),
    N_("your role may not work on monitoring cases"),
    N_("identified before it was reported (%(date)s)"),
    N_("risk eliminated before the household was identified (%(date)s)"),
    N_("case already given on row %(row)s"),
    N_("another open case of the household on row %(row)s"),
    N_("the case reported on %(date)s is worked here; the file does not change it"),
    # facts read from texts (reports.facts)
    N_("a title is required"),
    N_("choose the unit the text is about"),
    N_("paste a text or upload a file, not both"),
    N_("paste a text or upload a file"),
    N_("the proposal was decided or changed meanwhile; reload it"),
    N_("no indicator %(code)s"),
    N_("choose the unit that delivered it"),
    N_("choose an indicator"),
    N_("enter the amount"),
    N_("the text gives no date; enter one"),
    N_("an entry's amount is above zero"),
    N_("choose the unit that is paired"),
    N_("choose the region the unit is paired with"),
    N_("choose the kind of pairing"),
    N_("the text gives no start date; enter one"),
    N_("%(file)s: texts are read from .txt, .docx or .pdf files"),
    N_("%(file)s: the file holds no text"),
    # cells as offices write them (exchange.cells, registry.relations)
    N_("must be 是/否 (also %(forms)s)"),
    N_("thousands separators are misplaced"),
    N_("an amount in 万元; give it in yuan (元)"),
    N_("'%(written)s' taken as %(value)s, the national form's value"),
    N_("'%(written)s' taken as %(value)s by the sex in the ID number"),
)

_PLACE = re.compile(r"%\((\w+)\)s")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACE.split(template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)


# the template with the most fixed text wins ("no household numbered 1" is not "no household 1")
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_pattern(t), t) for t in sorted(TEMPLATES, key=lambda t: -len(_PLACE.sub("", t))) if "%(" in t
)
_PLAIN = frozenset(t for t in TEMPLATES if "%(" not in t)


@lru_cache(maxsize=4096)
def template_of(text: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The template a reason was made from, with its particulars; None if it has none."""
    if text in _PLAIN:
        return text, ()
    for pattern, template in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return template, tuple(found.groupdict().items())
    return None


def translated(text: str) -> str:
    """The reason in the active language (unchanged when it has no template)."""
    match = template_of(text)
    if match is None:
        return text
    template, particulars = match
    wording = gettext(template)
    return wording % dict(particulars) if particulars else wording
