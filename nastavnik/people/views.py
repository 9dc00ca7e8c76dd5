from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.audit import audit
from nastavnik.accounts.models import AuditKind
from nastavnik.accounts.types import AuthedRequest
from nastavnik.lib.errors import report
from nastavnik.lib.paging import search_page
from nastavnik.lib.xlsx import UploadRejected
from nastavnik.orgs.filters import OrganizationFilter, organization_filter
from nastavnik.orgs.models import Organization
from nastavnik.people import exporting, importing, services
from nastavnik.people.consent_docx import ConsentContext, make_consent_docx
from nastavnik.people.forms import ConsentForm, ConsentWithdrawForm, PersonForm
from nastavnik.people.models import Consent, ConsentKind, Person, PersonQuerySet, mark_consents

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 50


def _people(request: AuthedRequest) -> tuple[PersonQuerySet, OrganizationFilter, dict[str, str]]:
    """The scoped, filtered registry for the list page and the export."""
    query = request.GET.get("q", "").strip()
    by_organization = organization_filter(request)
    people = (
        access.visible(Person.objects.alive(), request.user).search(query).select_related("organization__municipality")
    )
    people = by_organization.apply(people, "organization")
    return people, by_organization, {"q": query, "organization": by_organization.value}


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, Person)
    people, by_organization, filters = _people(request)
    number = request.GET.get("page")
    page = search_page(people, number, PAGE_SIZE) if filters["q"] else Paginator(people, PAGE_SIZE).get_page(number)
    today = timezone.localdate()
    mark_consents(page, on=today)
    for person in page:
        # Facts at today's date, for the template (the row stays a Person).
        person.age_today = person.age(today)  # type: ignore[attr-defined,union-attr]
        person.experience_today = person.experience_years(today)  # type: ignore[attr-defined,union-attr]
        person.is_young_today = person.is_young(today)  # type: ignore[attr-defined,union-attr]
    context = {
        "page_obj": page,
        "today": today,
        "organization_filter": by_organization,
        "can_write": access.scope_q(request.user, Person, write=True) is not None,
        "query_string": urlencode(filters) + "&",
        **filters,
    }
    template = "people/person_list.html#results" if request.htmx else "people/person_list.html"
    return render(request, template, context)


def _detail_context(request: AuthedRequest, person: Person, consent_form: ConsentForm) -> dict[str, object]:
    today = timezone.localdate()
    consents = list(person.consents.all())
    return {
        "person": person,
        "today": today,
        "age": person.age(today),
        "experience": person.experience_years(today),
        "is_young": person.is_young(today),
        "consents": consents,
        "has_consent": any(c.kind == ConsentKind.PROCESSING and c.is_valid(today) for c in consents),
        "employments": person.employments.select_related("organization"),
        "can_write": access.visible(Person.objects.filter(pk=person.pk), request.user, write=True).exists(),
        "consent_form": consent_form,
    }


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_for_user(request, Person.objects.alive().select_related("organization__municipality"), pk)
    return render(request, "people/person_detail.html", _detail_context(request, person, ConsentForm()))


def _person_form_fields(form: PersonForm) -> dict[str, object]:
    return {name: value for name, value in form.cleaned_data.items() if name != "subjects"}


@login_required
def person_create(request: AuthedRequest) -> HttpResponse:
    access.require_write(request, Person)
    form = PersonForm(
        request.POST or None, user=request.user, initial={"organization": request.GET.get("organization")}
    )
    if request.method == "POST" and form.is_valid():
        person = services.person_create(
            fields=_person_form_fields(form), subjects=list(form.cleaned_data["subjects"]), by=request.user
        )
        messages.success(request, f"{person.full_name} {person.past('добавлен')} в реестр.")
        return redirect("people:person-detail", person.pk)
    return render(request, "people/person_form.html", {"form": form})


@login_required
def person_update(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_for_user(request, Person.objects.alive(), pk, write=True)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = _person_form_fields(form)
        person = Person.objects.get(pk=pk)  # the form changed the instance; the service compares with the saved one
        services.person_update(
            person=person, fields=fields, subjects=list(form.cleaned_data["subjects"]), by=request.user
        )
        messages.success(request, "Изменения сохранены.")
        return redirect("people:person-detail", pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@require_POST
@login_required
def person_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_for_user(request, Person.objects.alive(), pk, write=True)
    services.person_delete(person=person, by=request.user, request=request)
    messages.success(request, f"{person.full_name} {person.past('удалён')} из реестра; история сохранена.")
    return redirect("people:person-list")


@require_POST
@login_required
def consent_create(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_for_user(
        request, Person.objects.alive().select_related("organization__municipality"), pk, write=True
    )
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.consent_record(person=person, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, "Согласие записано.")
        return redirect("people:person-detail", pk)
    context = _detail_context(request, person, form)
    return render(request, "people/person_detail.html", context, status=400)


@login_required
def consent_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    consent = access.get_for_user(request, Consent.objects.select_related("person__organization"), pk, write=True)
    if consent.withdrawn_on is not None:
        messages.info(request, "Это согласие уже отозвано.")
        return redirect("people:person-detail", consent.person_id)
    form = ConsentWithdrawForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(
            consent=consent,
            on=form.cleaned_data["withdrawn_on"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
        messages.success(request, "Отзыв согласия записан.")
        return redirect("people:person-detail", consent.person_id)
    return render(request, "people/consent_withdraw.html", {"consent": consent, "form": form})


@login_required
def consent_scan(request: AuthedRequest, pk: int) -> FileResponse:
    consent = access.get_for_user(request, Consent.objects.all(), pk)
    if not consent.scan:
        raise Http404
    return FileResponse(consent.scan.open("rb"), as_attachment=True, filename=Path(str(consent.scan.name)).name)


@login_required
def consent_print(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    person = access.get_for_user(request, Person.objects.alive().select_related("organization"), pk)
    if kind not in ConsentKind.values:
        raise Http404
    context = ConsentContext.from_person(person, kind=kind, today=timezone.localdate())
    response = HttpResponse(make_consent_docx(context), content_type=DOCX)
    name = "soglasie-obrabotka" if kind == ConsentKind.PROCESSING else "soglasie-rasprostranenie"
    response["Content-Disposition"] = f'attachment; filename="{name}-{person.pk}.docx"'
    return response


# --- Import and export of the registry -------------------------------------------------------------------


def _import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def registry_import(request: AuthedRequest) -> HttpResponse:
    """Step 1: upload; the file is checked and the preview shown. Nothing is written yet."""
    access.require_write(request, Person)
    organizations = access.visible(Organization.objects.all(), request.user, write=True)
    context: dict[str, object] = {"organizations": organizations}
    if request.method != "POST":
        return render(request, "people/registry_import.html", context)
    upload = request.FILES.get("file")
    organization = organizations.filter(pk=request.POST.get("organization") or 0).first()
    if organization is None:
        context["error"] = "Выберите организацию, в реестр которой загружается файл."
        return render(request, "people/registry_import.html", context, status=400)
    if upload is None:
        context["error"] = "Выберите файл .xlsx для загрузки."
        return render(request, "people/registry_import.html", context, status=400)
    if (upload.size or 0) > settings.UPLOAD_MAX_BYTES:
        context["error"] = f"Файл больше {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} МБ."
        return render(request, "people/registry_import.html", context, status=400)
    data = upload.read()
    try:
        preview = importing.read_registry(data, organization=organization, on=timezone.localdate())
    except UploadRejected as error:
        context["error"] = str(error)
        return render(request, "people/registry_import.html", context, status=400)
    token = uuid.uuid4().hex
    if preview.ok:
        (_import_dir() / f"{token}.xlsx").write_bytes(data)
        request.session["registry_import"] = {"token": token, "organization": organization.pk, "name": upload.name}
    context.update(
        {
            "preview": preview,
            "unchanged": len(preview.to_update) - len(preview.to_change),
            "token": token,
            "organization": organization,
            "file_name": upload.name,
        }
    )
    return render(request, "people/registry_import_preview.html", context, status=200 if preview.ok else 400)


@require_POST
@login_required
def registry_import_confirm(request: AuthedRequest) -> HttpResponse:
    """Step 2: the user confirmed the preview; the same file is read again and written all or nothing."""
    access.require_write(request, Person)
    pending = request.session.get("registry_import") or {}
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "Загрузка устарела или уже выполнена. Загрузите файл ещё раз.")
        return redirect("people:registry-import")
    organization = access.get_for_user(request, Organization.objects.all(), pending["organization"], write=True)
    path = _import_dir() / f"{pending['token']}.xlsx"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        messages.error(request, "Загрузка устарела или уже выполнена. Загрузите файл ещё раз.")
        return redirect("people:registry-import")
    preview = importing.read_registry(data, organization=organization, on=timezone.localdate())
    if not preview.ok:
        messages.error(request, "Данные изменились с момента проверки: загрузите файл ещё раз.")
        return redirect("people:registry-import")
    result = importing.apply_registry(preview, by=request.user)
    path.unlink(missing_ok=True)
    del request.session["registry_import"]
    added = f"создано {result.created}, обновлено {result.updated}, согласий {result.consents}"
    added += f", наставников {result.mentors}, наставляемых {result.mentees}"
    audit(request, AuditKind.IMPORT, details=f"{pending.get('name', '')}: {added}", organization=organization)
    messages.success(request, f"Реестр загружен: {added}.")
    return redirect(f"{reverse('people:person-list')}?organization={organization.pk}")


@login_required
def registry_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(exporting.registry_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="reestr-shablon.xlsx"'
    return response


@login_required
def registry_export(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, Person)
    people, _, filters = _people(request)
    data = exporting.export_registry(people, on=timezone.localdate())
    audit(request, AuditKind.EXPORT, details=f"реестр педагогов; фильтр: {filters}")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="reestr-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response
