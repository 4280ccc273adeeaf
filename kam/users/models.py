from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kam.users.choices import Department, Role


class User(AbstractUser):
    """A person who logs in to KAM; the role decides which accounts they see."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TEAM_MEMBER)
    department = models.CharField(_("department"), max_length=32, choices=Department.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("Empty: the browser's language."))

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_accounts(self) -> bool:
        """Head of KAM, administrators and superusers see the whole portfolio."""
        return self.is_superuser or self.role in (Role.ADMIN, Role.HEAD_OF_KAM)

    @property
    def is_kam_admin(self) -> bool:
        """Administrators manage users, imports and settings."""
        return self.is_superuser or self.role == Role.ADMIN
