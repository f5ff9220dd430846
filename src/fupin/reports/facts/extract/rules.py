"""One language's dictionaries (lexicon) compiled into the patterns the rules read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fupin.reports.facts import lexicon as lx


@dataclass(frozen=True)
class Rules:
    """One language's dictionaries, compiled."""

    triggers: tuple[tuple[re.Pattern[str], str], ...]
    pairing: tuple[re.Pattern[str], ...]
    results: tuple[re.Pattern[str], ...]
    cadre_verbs: re.Pattern[str]
    cadre_nouns: re.Pattern[str]
    not_delivered: re.Pattern[str]
    delivered: re.Pattern[str]
    organisations: tuple[re.Pattern[str], ...]
    not_actor_before: re.Pattern[str]
    places: re.Pattern[str]
    targets: re.Pattern[str]
    money: re.Pattern[str]
    words: bool


def _compile(pattern: str, words: bool) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b" if words else pattern, re.IGNORECASE)


def rules_compile(language: str) -> Rules:
    en = language == "en"
    table = lx.EN_TRIGGERS if en else lx.ZH_TRIGGERS
    triggers = tuple(
        (_compile(pattern, en), code) for code, patterns in table.items() for pattern in patterns
    )
    places = (
        rf"\b((?:[a-z][a-z'’-]* ){{1,2}})({lx.EN_PLACE_SUFFIXES})\b"
        if en
        else rf"([^\s\d\W的了和与在是对向将为把从自至及、，。；：]{{2,6}}?)({lx.ZH_PLACE_SUFFIXES})"
    )
    return Rules(
        triggers=triggers,
        pairing=tuple(_compile(p, en) for p in (lx.EN_PAIRING if en else lx.ZH_PAIRING)),
        results=tuple(_compile(p, en) for p in (lx.EN_RESULTS if en else lx.ZH_RESULTS)),
        cadre_verbs=_compile(lx.EN_CADRE_VERBS if en else lx.ZH_CADRE_VERBS, en),
        cadre_nouns=_compile(lx.EN_CADRE_NOUNS if en else lx.ZH_CADRE_NOUNS, en),
        not_delivered=_compile(lx.EN_NOT_DELIVERED if en else lx.ZH_NOT_DELIVERED, en),
        delivered=_compile(lx.EN_DELIVERED if en else lx.ZH_DELIVERED, en),
        organisations=tuple(
            re.compile(p, re.IGNORECASE)
            for p in (lx.EN_ORGANISATIONS if en else lx.ZH_ORGANISATIONS)
        ),
        not_actor_before=re.compile(
            lx.EN_NOT_ACTOR_BEFORE if en else lx.ZH_NOT_ACTOR_BEFORE, re.IGNORECASE
        ),
        places=re.compile(places, re.IGNORECASE),
        targets=_compile(lx.EN_TARGETS if en else lx.ZH_TARGETS, en),
        money=_compile(lx.EN_MONEY_WORDS if en else lx.ZH_MONEY_WORDS, en),
        words=en,
    )


#: where a Chinese organisation's name begins inside the run of characters before its company
#: word, and what is no name there (see lexicon.parties)
NAME_STOPS = re.compile(lx.ZH_NAME_STOPS)
NAME_GENERIC = re.compile(rf"(?:{lx.ZH_NAME_GENERIC})+")
ORGANISATION_SUFFIX = re.compile(rf"(?:{lx.ZH_ORGANISATION_SUFFIXES})$")

RULES = {"zh": rules_compile("zh"), "en": rules_compile("en")}
