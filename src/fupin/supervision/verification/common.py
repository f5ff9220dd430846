"""What the verification services share: the history subject names and the conflict error."""

from __future__ import annotations

from typing import Any

from fupin.core.errors import FupinError

CAMPAIGN = "verification_campaign"
VERDICT = "verification_verdict"

#: the verdict fields a form, a workbook row or an API body may set
VERDICT_FIELDS = (
    "income_found",
    "food_clothing_ok",
    "education_ok",
    "medical_ok",
    "housing_ok",
    "water_ok",
    "wrongly_exited",
    "omitted",
    "approval",
    "visited_on",
    "note",
)


class VerdictConflict(FupinError):
    """A verdict changed in the database since the form or workbook row was filled: the
    change is refused and both versions are kept for a side-by-side view."""

    code = "conflict"

    def __init__(
        self,
        message: str,
        *,
        sample_id: int,
        theirs: dict[str, Any],
        ours: dict[str, Any],
        by: str,
        version: int,
    ) -> None:
        super().__init__(message)
        self.sample_id = sample_id
        self.theirs = theirs  # what the database holds
        self.ours = ours  # what was sent
        self.by = by  # who recorded what the database holds
        self.version = version  # the database's version
