"""Users, memberships (a role on a scope) and the log of security events (DESIGN §2, §6)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from nastavnik.lib.access_paths import AccessPaths
from nastavnik.orgs.models import Municipality, Organization, Region


class User(AbstractUser):
    middle_name = models.CharField("отчество", max_length=150, blank=True)

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)


class Role(models.TextChoices):
    ADMIN = "admin", "администратор системы"
    REGIONAL_COORDINATOR = "regional_coordinator", "региональный координатор"
    COORDINATOR = "coordinator", "муниципальный координатор"
    HEAD = "head", "руководитель ОО"
    CURATOR = "curator", "куратор"
    PSYCHOLOGIST = "psychologist", "педагог-психолог"
    MENTOR = "mentor", "наставник"
    MENTEE = "mentee", "наставляемый"
    VIEWER = "viewer", "наблюдатель"


class Level(models.TextChoices):
    ALL = "all", "вся система"
    REGION = "region", "регион"
    MUNICIPALITY = "municipality", "муниципалитет"
    ORGANIZATION = "organization", "организация"


# The scope level each role is given on; the viewer may be given any level but "all".
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.ADMIN: (Level.ALL,),
    Role.REGIONAL_COORDINATOR: (Level.REGION,),
    Role.COORDINATOR: (Level.MUNICIPALITY,),
    Role.HEAD: (Level.ORGANIZATION,),
    Role.CURATOR: (Level.ORGANIZATION,),
    Role.PSYCHOLOGIST: (Level.ORGANIZATION,),
    Role.MENTOR: (Level.ORGANIZATION,),
    Role.MENTEE: (Level.ORGANIZATION,),
    Role.VIEWER: (Level.REGION, Level.MUNICIPALITY, Level.ORGANIZATION),
}


class Membership(models.Model):
    """A role of a user on one scope: everything, a region, a municipality or an organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name="пользователь")
    role = models.CharField("роль", max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, verbose_name="регион")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, verbose_name="муниципалитет"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, verbose_name="организация"
    )

    class Meta:
        verbose_name = "роль пользователя"
        verbose_name_plural = "роли пользователей"
        constraints = [
            # One membership per user, role and scope (partial indexes: NULLs would otherwise differ).
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(organization__isnull=False),
                name="accounts_membership_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="accounts_membership_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="accounts_membership_unique_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True, municipality__isnull=True, organization__isnull=True),
                name="accounts_membership_unique_all",
            ),
            models.CheckConstraint(
                condition=(
                    Q(region__isnull=True, municipality__isnull=True, organization__isnull=True)
                    | Q(region__isnull=False, municipality__isnull=True, organization__isnull=True)
                    | Q(region__isnull=True, municipality__isnull=False, organization__isnull=True)
                    | Q(region__isnull=True, municipality__isnull=True, organization__isnull=False)
                ),
                name="accounts_membership_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.scope_name}"

    @property
    def level(self) -> str:
        if self.organization_id:
            return Level.ORGANIZATION
        if self.municipality_id:
            return Level.MUNICIPALITY
        if self.region_id:
            return Level.REGION
        return Level.ALL

    @property
    def scope_name(self) -> str:
        scope = self.organization or self.municipality or self.region
        return str(scope) if scope else "вся система"


class AuditKind(models.TextChoices):
    LOGIN = "login", "вход"
    LOGIN_FAILED = "login_failed", "неудачная попытка входа"
    LOGOUT = "logout", "выход"
    REFUSED = "refused", "отказ в доступе"
    EXPORT = "export", "выгрузка"
    IMPORT = "import", "загрузка реестра"
    CONSENT_GIVEN = "consent_given", "согласие записано"
    CONSENT_WITHDRAWN = "consent_withdrawn", "согласие отозвано"
    PERSON_DELETED = "person_deleted", "работник удалён"


class AuditEvent(models.Model):
    """Our own log of logins, refusals, exports and consent changes (152-ФЗ accountability)."""

    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    kind = models.CharField("событие", max_length=30, choices=AuditKind.choices)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="пользователь")
    username = models.CharField("имя входа", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    path = models.CharField("адрес страницы", max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="организация"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="муниципалитет"
    )
    details = models.CharField("подробности", max_length=1000, blank=True)

    ACCESS = AccessPaths(
        region="municipality__region", municipality="municipality", organization="organization", personal=True
    )

    class Meta:
        verbose_name = "событие журнала"
        verbose_name_plural = "журнал событий"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_kind_display()} {self.username}"
