"""How a page answers when the object asked for is out of reach: 404 when the user may not
see it (or it does not exist), 403 when they may see it but not change it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fupin.core.errors import FupinError, NotAllowed
from fupin.core.messages import translated

T = TypeVar("T")


def reach(read: Callable[[], T]) -> T:
    """`read()` (an access function), its NotAllowed as 403 and other errors as 404."""
    try:
        return read()
    except NotAllowed as exc:
        raise PermissionDenied(translated(exc.message)) from None
    except FupinError as exc:
        raise Http404(exc.message) from None
