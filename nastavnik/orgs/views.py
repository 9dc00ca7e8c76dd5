from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from nastavnik.accounts import access
from nastavnik.accounts.models import Role
from nastavnik.accounts.types import AuthedRequest
from nastavnik.orgs.forms import MunicipalityForm, OrganizationForm, RegionForm
from nastavnik.orgs.models import Municipality, Organization, OrganizationKind


@login_required
def organization_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    organizations = access.visible(Organization.objects.select_related("municipality"), request.user).search(query)
    if kind in OrganizationKind.values:
        organizations = organizations.filter(kind=kind)
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "q": query,
        "kind": kind,
        "kinds": OrganizationKind.choices,
        "can_create": access.has_role(request.user, Role.ADMIN, Role.COORDINATOR),
        "query_string": f"q={query}&kind={kind}&",
    }
    return render(request, "orgs/organization_list.html", context)


@login_required
def organization_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = access.get_for_user(request, Organization.objects.select_related("municipality__region"), pk)
    can_edit = access.visible(Organization.objects.filter(pk=pk), request.user, write=True).exists()
    return render(request, "orgs/organization_detail.html", {"organization": organization, "can_edit": can_edit})


@login_required
def organization_create(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, Role.ADMIN, Role.COORDINATOR)
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organization = form.save()
        messages.success(request, f"Организация «{organization.short_name}» добавлена.")
        return redirect("orgs:organization-detail", organization.pk)
    return render(request, "orgs/organization_form.html", {"form": form})


@login_required
def organization_update(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = access.get_for_user(request, Organization.objects.all(), pk, write=True)
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Изменения сохранены.")
        return redirect("orgs:organization-detail", organization.pk)
    return render(request, "orgs/organization_form.html", {"form": form, "organization": organization})


@login_required
def municipality_list(request: AuthedRequest) -> HttpResponse:
    municipalities = access.visible(Municipality.objects.select_related("region"), request.user)
    can_create = access.has_role(request.user, Role.ADMIN)
    context = {"municipalities": municipalities, "can_create": can_create}
    return render(request, "orgs/municipality_list.html", context)


@login_required
def municipality_create(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, Role.ADMIN)
    form = MunicipalityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        municipality = form.save()
        messages.success(request, f"Муниципалитет «{municipality}» добавлен.")
        return redirect("orgs:municipality-list")
    return render(request, "orgs/municipality_form.html", {"form": form})


@login_required
def municipality_update(request: AuthedRequest, pk: int) -> HttpResponse:
    municipality = access.get_for_user(request, Municipality.objects.all(), pk, write=True)
    form = MunicipalityForm(request.POST or None, instance=municipality, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Настройки муниципалитета сохранены.")
        return redirect("orgs:municipality-list")
    return render(request, "orgs/municipality_form.html", {"form": form, "municipality": municipality})


@login_required
def region_create(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, Role.ADMIN)
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = form.save()
        messages.success(request, f"Регион «{region}» добавлен; теперь можно добавить его муниципалитеты.")
        return redirect("orgs:municipality-create")
    return render(request, "orgs/region_form.html", {"form": form})
