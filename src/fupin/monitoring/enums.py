from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    """How sure a figure is (DOMAIN.md): from an official text, one weak source, or none."""

    CONFIRMED = "C", _("已确认")
    WEAK = "W", _("单一来源")
    UNCONFIRMED = "U", _("未确认")
