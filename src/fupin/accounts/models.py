from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.accounts.enums import Role
from fupin.core.constraints import one_of


class User(AbstractUser):
    """A person who logs in; what they see is bounded by their role and regions."""

    role = models.CharField(
        _("角色"), max_length=32, choices=Role.choices, default=Role.VILLAGE_CADRE
    )
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("管辖区域"), blank=True, related_name="+"
    )
    units = models.ManyToManyField(
        "assistance.Unit", verbose_name=_("所属单位"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=one_of("role", Role.values), name="accounts_user_role_valid"
            )
        ]
