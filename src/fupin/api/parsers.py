"""The API's body parsers: DRF's, refusing a body that holds a NUL character (core.nul) with
the API's invalid-fields error naming each field (`members.1.name`), before any view sees it.
Query strings, paths and headers are refused earlier, by `fupin.core.middleware`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ValidationError

from fupin.core.messages import translated
from fupin.core.nul import REASON, form_places, json_places


def refuse(places: Iterable[str]) -> None:
    """ValidationError naming `places` when there are any."""
    fields = {name: [translated(REASON)] for name in places}
    if fields:
        raise ValidationError(fields)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        refuse(json_places(data))
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        refuse(form_places(data))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        refuse(form_places(parsed.data))
        return parsed
