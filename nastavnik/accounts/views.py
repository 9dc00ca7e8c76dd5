from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.access import MANAGER_ROLES
from nastavnik.accounts.forms import LoginForm, MembershipForm, UserCreateForm, UserUpdateForm
from nastavnik.accounts.models import AuditEvent, Membership, Role, User
from nastavnik.accounts.types import AuthedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _managed_user(request: AuthedRequest, pk: int) -> User:
    access.require_role(request, *MANAGER_ROLES)
    return get_object_or_404(access.managed_users(request.user), pk=pk)


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, *MANAGER_ROLES)
    users = access.managed_users(request.user).prefetch_related(
        "memberships__organization", "memberships__municipality", "memberships__region"
    )
    page = Paginator(users.order_by("last_name", "first_name", "username"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page_obj": page})


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, *MANAGER_ROLES)
    form = UserCreateForm(request.POST or None)
    role_form = MembershipForm(request.POST or None, manager=request.user, prefix="role")
    if request.method == "POST" and form.is_valid() and role_form.is_valid():
        with transaction.atomic():
            user = form.save()
            membership = role_form.save(commit=False)
            membership.user = user
            membership.save()
        messages.success(request, f"Пользователь {user.username} создан.")
        return redirect("accounts:user-detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "role_form": role_form})


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = UserUpdateForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Изменения сохранены.")
        return redirect("accounts:user-detail", user.pk)
    memberships = user.memberships.select_related("organization", "municipality", "region")
    role_form = MembershipForm(manager=request.user, prefix="role")
    context = {"managed": user, "form": form, "memberships": memberships, "role_form": role_form}
    return render(request, "accounts/user_detail.html", context)


@require_POST
@login_required
def membership_create(request: AuthedRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    role_form = MembershipForm(request.POST, manager=request.user, prefix="role")
    if role_form.is_valid():
        membership = role_form.save(commit=False)
        membership.user = user
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:
            messages.error(request, "Такая роль у пользователя уже есть.")
        else:
            messages.success(request, f"Роль «{membership.get_role_display()}» выдана.")
        return redirect("accounts:user-detail", user.pk)
    memberships = user.memberships.select_related("organization", "municipality", "region")
    form = UserUpdateForm(instance=user)
    context = {"managed": user, "form": form, "memberships": memberships, "role_form": role_form}
    return render(request, "accounts/user_detail.html", context, status=400)


@require_POST
@login_required
def membership_delete(request: AuthedRequest, pk: int, membership_pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, user=user)
    form = MembershipForm(
        {
            "role": membership.role,
            "region": membership.region_id or "",
            "municipality": membership.municipality_id or "",
            "organization": membership.organization_id or "",
        },
        manager=request.user,
    )
    if not form.is_valid() or (membership.role == Role.ADMIN and not access.has_role(request.user, Role.ADMIN)):
        access.audit_refusal(request, f"снятие роли {membership}: вне области доступа")
        messages.error(request, "Эту роль может снять только тот, кто может её выдать.")
        return redirect("accounts:user-detail", user.pk)
    membership.delete()
    messages.success(request, "Роль снята.")
    return redirect("accounts:user-detail", user.pk)


@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, AuditEvent)
    events = AuditEvent.objects.select_related("user", "organization")
    page = Paginator(access.visible(events, request.user), 100).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_list.html", {"page_obj": page})
