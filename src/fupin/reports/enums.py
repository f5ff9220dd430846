"""Choices of the reports app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FactKind(models.TextChoices):
    """What a fact read from a text proposes: a ledger entry, a pairing, a count of cadres."""

    LEDGER = "ledger", _("台账记录")
    PAIRING = "pairing", _("结对关系")
    CADRES = "cadres", _("选派干部人数")


class FactStatus(models.TextChoices):
    """A proposal waits for a user, who accepts it (written through the services) or rejects it."""

    PROPOSED = "proposed", _("待确认")
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("已驳回")


class TextKind(models.TextChoices):
    """How a text came in."""

    PASTED = "pasted", _("粘贴")
    TXT = "txt", _("文本文件")
    DOCX = "docx", _("Word 文件")
    PDF = "pdf", _("PDF 文件")


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word（.docx）")
    PDF = "pdf", _("PDF")
