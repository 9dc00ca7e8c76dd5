"""The one access module: what a user may see and change (DESIGN §2, STYLE «Access: written once»).

A user's memberships become grants. Each model says through ``ACCESS`` (an AccessPaths) how it
reaches a region, a municipality, an organization and the person it belongs to; ``scope_q`` turns the
grants into one filter. Every list, page and export fetches through ``visible_to`` or ``get_for_user``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest

from nastavnik.accounts.models import AuditKind, Level, Membership, Role, User
from nastavnik.lib.access_paths import AccessPaths

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any])

WRITE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.HEAD, Role.CURATOR})
# Roles that read personal files (the registry, consents); a psychologist and a viewer do not.
PERSONAL_ROLES = frozenset({Role.ADMIN, Role.REGIONAL_COORDINATOR, Role.COORDINATOR, Role.HEAD, Role.CURATOR})
# Roles that reach only their own records, whatever organization the membership names.
SELF_ROLES = frozenset({Role.MENTOR, Role.MENTEE})
MANAGER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


@dataclass(frozen=True)
class Grant:
    role: str
    level: str
    scope_id: int | None

    @property
    def write(self) -> bool:
        return self.role in WRITE_ROLES

    @property
    def personal(self) -> bool:
        return self.role in PERSONAL_ROLES

    @property
    def self_only(self) -> bool:
        return self.role in SELF_ROLES


def grants(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's grants, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_grants", None)
    if cached is not None:
        return cached
    found = [
        Grant(m.role, m.level, m.organization_id or m.municipality_id or m.region_id)
        for m in Membership.objects.filter(user=user).only("role", "region_id", "municipality_id", "organization_id")
    ]
    if user.is_superuser and not any(g.level == Level.ALL for g in found):
        found.append(Grant(Role.ADMIN, Level.ALL, None))
    result = tuple(found)
    user._grants = result  # type: ignore[union-attr,attr-defined]
    return result


def roles(user: User | AnonymousUser) -> frozenset[str]:
    return frozenset(g.role for g in grants(user))


def has_role(user: User | AnonymousUser, *wanted: str) -> bool:
    return any(g.role in wanted for g in grants(user))


def has_personal_role(user: User | AnonymousUser) -> bool:
    """May the user read personal files (the registry) anywhere."""
    return any(g.personal for g in grants(user))


def _grant_q(grant: Grant, paths: AccessPaths, user: User) -> Q | None:
    if grant.self_only:
        if paths.person is None:
            return None
        lookup = "user" if paths.person == "pk" else f"{paths.person}__user"
        return Q(**{lookup: user.pk})
    if grant.level == Level.ALL:
        return Q()
    paths_by_level: dict[str, str | None] = {
        Level.REGION: paths.region,
        Level.MUNICIPALITY: paths.municipality,
        Level.ORGANIZATION: paths.organization,
    }
    path = paths_by_level[grant.level]
    if path is None:
        return None
    return Q(**{path: grant.scope_id})


def scope_q(user: User | AnonymousUser, model: type[models.Model], *, write: bool = False) -> Q | None:
    """The filter of the records of ``model`` the user may read (or change); None when none."""
    paths: AccessPaths = model.ACCESS  # type: ignore[attr-defined]
    result: Q | None = None
    for grant in grants(user):
        if write and not grant.write:
            continue
        if paths.personal and not (grant.personal or grant.self_only):
            continue
        q = _grant_q(grant, paths, user)  # type: ignore[arg-type]
        if q is None:
            continue
        if not q:
            return Q()
        result = q if result is None else result | q
    return result


def visible(queryset: QS, user: User | AnonymousUser, *, write: bool = False) -> QS:
    q = scope_q(user, queryset.model, write=write)
    if q is None:
        return queryset.none()
    return queryset.filter(q)


class ScopedQuerySet(models.QuerySet[M]):
    """Base of every app's QuerySet: ``Model.objects.visible_to(user)``."""

    def visible_to(self, user: User | AnonymousUser, *, write: bool = False) -> ScopedQuerySet[M]:
        return visible(self, user, write=write)  # type: ignore[return-value]


def own_q(user: User | AnonymousUser, model: type[models.Model]) -> Q | None:
    """The filter of the records of ``model`` that are the user's own (a mentor's or mentee's pair and
    its program), through the model's ``person`` path; None when the model has no such path."""
    paths: AccessPaths = model.ACCESS  # type: ignore[attr-defined]
    if not user.is_authenticated or paths.person is None or not has_role(user, *SELF_ROLES):
        return None
    lookup = "user" if paths.person == "pk" else f"{paths.person}__user"
    return Q(**{lookup: user.pk})


def with_write_flag(queryset: QS, user: User | AnonymousUser) -> QS:
    """The queryset with ``may_write_flag`` on each row, so that ``may_write`` asks the database nothing
    more for an object fetched through it."""
    q = scope_q(user, queryset.model, write=True)
    if q is None:
        flag: Any = models.Value(False)
    elif not q:
        flag = models.Value(True)
    else:
        flag = models.Exists(queryset.model._default_manager.filter(q, pk=models.OuterRef("pk")))
    return queryset.annotate(may_write_flag=flag)


def may_write(user: User | AnonymousUser, obj: models.Model, *, own: bool = False) -> bool:
    """May the user change this object: a writer in its scope, or (``own``) a participant of it."""
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    flag = getattr(obj, "may_write_flag", None)
    if flag if flag is not None else visible(rows, user, write=True).exists():
        return True
    q = own_q(user, model) if own else None
    return q is not None and rows.filter(q).exists()


def get_for_user(
    request: HttpRequest, queryset: models.QuerySet[M], pk: Any, *, write: bool = False, own: bool = False
) -> M:
    """The object, or 404 outside the user's scope (as if it did not exist), or 403 for a read-only role.

    ``own=True`` with ``write=True`` also lets a mentor or mentee change a record that is their own
    (they mark their program's activities done), never anyone else's."""
    user = request.user
    obj = visible(queryset, user).filter(pk=pk).first()
    if obj is None:
        if queryset.filter(pk=pk).exists():
            audit_refusal(request, f"{queryset.model._meta.verbose_name} №{pk}: вне области доступа")
        raise Http404
    if write and not may_write(user, obj, own=own):
        audit_refusal(request, f"{queryset.model._meta.verbose_name} №{pk}: только чтение")
        raise PermissionDenied
    return obj


def require_write(request: HttpRequest, model: type[models.Model]) -> None:
    """403 unless the user may change some records of ``model`` (for pages that create one)."""
    if scope_q(request.user, model, write=True) is None:
        audit_refusal(request, f"{model._meta.verbose_name_plural}: нет права на изменение")
        raise PermissionDenied


def require_read(request: HttpRequest, model: type[models.Model]) -> None:
    """403 unless the user may read some records of ``model`` (for list pages)."""
    if scope_q(request.user, model) is None:
        audit_refusal(request, f"{model._meta.verbose_name_plural}: нет доступа")
        raise PermissionDenied


def require_role(request: HttpRequest, *wanted: str) -> None:
    if not has_role(request.user, *wanted):
        audit_refusal(request, "нет нужной роли")
        raise PermissionDenied


def managed_users(user: User | AnonymousUser) -> models.QuerySet[User]:
    """Users an admin (all) or a coordinator (those with a role in the municipality) manages."""
    result: Q | None = None
    for grant in grants(user):
        if grant.role == Role.ADMIN:
            return User.objects.all()
        if grant.role == Role.COORDINATOR:
            q = Q(memberships__municipality=grant.scope_id) | Q(memberships__organization__municipality=grant.scope_id)
            result = q if result is None else result | q
    if result is None:
        return User.objects.none()
    admins = Membership.objects.filter(role=Role.ADMIN).values("user")
    managed = User.objects.filter(result).exclude(is_superuser=True).exclude(pk__in=admins)
    return User.objects.filter(pk__in=managed.values("pk"))


def audit_refusal(request: HttpRequest, details: str) -> None:
    from nastavnik.accounts.audit import audit

    audit(request, AuditKind.REFUSED, details=details)
