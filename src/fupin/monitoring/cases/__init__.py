"""Writes of monitoring cases (监测对象): the report that opens a case, the steps of its
identification and risk elimination, objections to its public notices, and its measures.

Every service runs in one transaction, checks its input before writing, leaves a history row
on the case (subject ``monitoring_case``) and bumps the case's version. The order of the
steps, who may record them, the notices that block and the elimination conditions are the
rules of :mod:`fupin.monitoring.procedure` over the regime's scheme. Scope (which cases a
user reaches) is :mod:`fupin.monitoring.access`'s; the roles a step allows are checked here.
"""

from fupin.monitoring.cases.common import (
    APPROVAL,
    SUBJECT,
    EliminationRefused,
    OpenCaseExists,
    case_scheme,
    role_may_record,
    scheme_for,
)
from fupin.monitoring.cases.conditions import elimination_check, survey_outcome
from fupin.monitoring.cases.elimination import elimination_start
from fupin.monitoring.cases.report import case_report, object_type_check, open_case_of, risks_check
from fupin.monitoring.cases.steps import (
    notice_block_of,
    notice_of,
    step_record,
    unresolved_objection,
)
from fupin.monitoring.cases.work import measure_add, objection_raise, objection_resolve

__all__ = [
    "APPROVAL",
    "SUBJECT",
    "EliminationRefused",
    "OpenCaseExists",
    "case_report",
    "case_scheme",
    "elimination_check",
    "elimination_start",
    "measure_add",
    "notice_block_of",
    "notice_of",
    "object_type_check",
    "objection_raise",
    "objection_resolve",
    "open_case_of",
    "risks_check",
    "role_may_record",
    "scheme_for",
    "step_record",
    "survey_outcome",
    "unresolved_objection",
]
