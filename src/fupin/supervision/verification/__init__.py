"""Writes of exit verification (贫困县退出专项评估检查, 抽查, 回头看): institutions and
campaigns, the drawn sample, the verdicts, the counties' decisions and what a check reports
back. Every service runs in one transaction, checks its input first and leaves a history row.
The sampling, the rates and the decision themselves are :mod:`fupin.policy.verification`'s."""

from fupin.supervision.verification.campaigns import (
    campaign_close,
    campaign_create,
    campaign_evaluators_set,
    counties_exited_in,
    institution_check,
    institution_create,
    spot_check_draw,
)
from fupin.supervision.verification.common import VERDICT_FIELDS, VerdictConflict
from fupin.supervision.verification.decisions import (
    CountyOutcome,
    county_decide,
    county_outcome,
    look_back_report,
)
from fupin.supervision.verification.sampling import campaign_sample, household_stratum
from fupin.supervision.verification.verdicts import (
    VerdictEntry,
    verdict_record,
    verdict_values,
    verdicts_record,
)

__all__ = [
    "VERDICT_FIELDS",
    "CountyOutcome",
    "VerdictConflict",
    "VerdictEntry",
    "campaign_close",
    "campaign_create",
    "campaign_evaluators_set",
    "campaign_sample",
    "counties_exited_in",
    "county_decide",
    "county_outcome",
    "household_stratum",
    "institution_check",
    "institution_create",
    "look_back_report",
    "spot_check_draw",
    "verdict_record",
    "verdict_values",
    "verdicts_record",
]
