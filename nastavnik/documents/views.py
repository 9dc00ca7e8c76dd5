"""Pages of the document registry and review: the list, a document's page, uploads and downloads,
the coordinator's review queue and the municipality's list of required local acts (DESIGN §4.8–4.9)."""

from __future__ import annotations

import os
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Max, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.models import Role
from nastavnik.accounts.types import AuthedRequest
from nastavnik.documents import review, services
from nastavnik.documents.forms import (
    DocumentUploadForm,
    RequiredActsForm,
    ReturnForm,
    ScanUploadForm,
    VersionUploadForm,
)
from nastavnik.documents.models import (
    DEFAULT_REQUIRED_KINDS,
    Document,
    DocumentKind,
    DocumentVersion,
    RequiredActs,
    ReviewAction,
    ReviewStatus,
)
from nastavnik.lib.errors import add_errors, report
from nastavnik.orgs.filters import organization_filter
from nastavnik.orgs.models import Municipality, Organization, OrganizationKind

PAGE_SIZE = 50
REVIEWERS = (Role.ADMIN, Role.COORDINATOR)


@login_required
def document_list(request: AuthedRequest) -> HttpResponse:
    """The registry: filters by kind, organization and review status."""
    access.require_read(request, Document)
    by_organization = organization_filter(request)
    documents = access.visible(Document.objects.select_related("organization"), request.user)
    filters = {key: request.GET.get(key, "").strip() for key in ("kind", "status")}
    if filters["kind"] in DocumentKind.values:
        documents = documents.filter(kind=filters["kind"])
    if filters["status"] == "none":
        documents = documents.filter(review_status=ReviewStatus.NONE)
    elif filters["status"] in ReviewStatus.values and filters["status"]:
        documents = documents.filter(review_status=filters["status"])
    documents = by_organization.apply(documents, "organization")
    filters["organization"] = by_organization.value
    page = Paginator(documents.order_by("-date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "kinds": DocumentKind.choices,
        "statuses": [("none", ReviewStatus.NONE.label), *ReviewStatus.choices[1:]],
        "organization_filter": by_organization,
        "query_string": urlencode(filters) + "&",
        "can_write": access.scope_q(request.user, Document, write=True) is not None,
        "can_review": access.has_role(request.user, *REVIEWERS),
    }
    return render(request, "documents/document_list.html", context)


def _document(request: AuthedRequest, pk: int, *, write: bool = False) -> Document:
    queryset = Document.objects.select_related("organization")
    return access.get_for_user(request, access.with_write_flag(queryset, request.user), pk, write=write)


@login_required
def document_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    versions = list(document.versions.select_related("by"))
    steps = list(document.review_steps.select_related("by"))
    can_write = access.may_write(request.user, document)
    status = document.review_status
    context = {
        "document": document,
        "versions": versions,
        "latest": versions[0] if versions else None,
        "steps": steps,
        "last_remarks": next((s.remarks for s in reversed(steps) if s.action == ReviewAction.RETURN), ""),
        "can_write": can_write,
        "can_submit": can_write and status in (ReviewStatus.NONE, ReviewStatus.RETURNED),
        "can_upload_version": can_write and status != ReviewStatus.SUBMITTED,
        "can_review": status == ReviewStatus.SUBMITTED and review.may_review(request.user, document),
        "version_form": VersionUploadForm(),
        "scan_form": ScanUploadForm(),
        "return_form": ReturnForm(),
    }
    return render(request, "documents/document_detail.html", context)


@login_required
def document_upload(request: AuthedRequest) -> HttpResponse:
    """A local act uploaded by the school (or the coordinator for a school): DOCX or PDF."""
    access.require_write(request, Document)
    organizations = access.visible(Organization.objects.order_by("short_name"), request.user, write=True)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            document = services.document_register(
                organization=data["organization"],
                kind=data["kind"],
                title=data["title"],
                on=data["date"],
                content=upload.read(),
                filename=os.path.basename(upload.name),
                by=request.user,
                generated=False,
                number=data["number"].strip(),
                is_public=data["is_public"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except IntegrityError:  # the same number registered at the same moment by someone else
            form.add_error("number", "Документ с таким номером уже есть в реестре организации.")
        else:
            messages.success(request, "Документ внесён в реестр.")
            return redirect("documents:document-detail", document.pk)
    return render(request, "documents/document_form.html", {"form": form})


def _upload_error(request: AuthedRequest, form: VersionUploadForm | ScanUploadForm) -> None:
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


@require_POST
@login_required
def document_version_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, write=True)
    form = VersionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _upload_error(request, form)
        return redirect("documents:document-detail", pk)
    upload = form.cleaned_data["file"]
    try:
        version = review.document_upload_version(
            document=document, content=upload.read(), filename=os.path.basename(upload.name), by=request.user
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, f"Загружена версия {version.number}.")
    return redirect("documents:document-detail", pk)


@require_POST
@login_required
def document_scan_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, write=True)
    form = ScanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _upload_error(request, form)
        return redirect("documents:document-detail", pk)
    upload = form.cleaned_data["scan"]
    try:
        review.document_attach_scan(
            document=document, content=upload.read(), filename=os.path.basename(upload.name), by=request.user
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Подписанный скан приложен.")
    return redirect("documents:document-detail", pk)


def _version(request: AuthedRequest, pk: int, version_pk: int) -> DocumentVersion:
    document = _document(request, pk)
    return get_object_or_404(DocumentVersion, document=document, pk=version_pk)


def _download(field: object) -> FileResponse:
    if not field:
        raise Http404
    name = os.path.basename(field.name)  # type: ignore[attr-defined]
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)  # type: ignore[attr-defined]


@login_required
def document_file(request: AuthedRequest, pk: int, version_pk: int) -> FileResponse:
    return _download(_version(request, pk, version_pk).file)


@login_required
def document_scan(request: AuthedRequest, pk: int, version_pk: int) -> FileResponse:
    return _download(_version(request, pk, version_pk).scan)


@require_POST
@login_required
def document_public(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show the document on the public «Наставничество» page, or stop showing it."""
    document = _document(request, pk, write=True)
    document.is_public = not document.is_public
    document.save(update_fields=["is_public"])
    shown = "публикуется" if document.is_public else "больше не публикуется"
    messages.success(request, f"Документ {shown} на странице «Наставничество».")
    return redirect("documents:document-detail", pk)


@require_POST
@login_required
def document_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, write=True)
    try:
        review.document_submit(document=document, by=request.user)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Документ направлен на экспертизу координатору.")
    return redirect("documents:document-detail", pk)


def _reviewed(request: AuthedRequest, pk: int) -> Document:
    document = _document(request, pk)
    if not review.may_review(request.user, document):
        access.audit_refusal(request, f"документ №{pk}: не координатор")
        raise PermissionDenied
    return document


@require_POST
@login_required
def document_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _reviewed(request, pk)
    try:
        review.document_approve(document=document, by=request.user)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Документ согласован.")
    return redirect("documents:document-detail", pk)


@require_POST
@login_required
def document_return(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _reviewed(request, pk)
    form = ReturnForm(request.POST)
    remarks = form.cleaned_data["remarks"] if form.is_valid() else ""
    try:
        review.document_return(document=document, by=request.user, remarks=remarks)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Документ возвращён на доработку с замечаниями.")
    return redirect("documents:document-detail", pk)


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    """What waits for review, oldest submission first; per school, the required local acts it lacks."""
    access.require_role(request, *REVIEWERS)
    submitted = access.visible(Document.objects.select_related("organization"), request.user)
    waiting = (
        submitted.filter(review_status=ReviewStatus.SUBMITTED)
        .annotate(submitted_at=Max("review_steps__at", filter=Q(review_steps__action=ReviewAction.SUBMIT)))
        .order_by("submitted_at", "pk")
    )
    organizations = access.visible(Organization.objects.exclude(kind=OrganizationKind.PARTNER), request.user)
    organizations = organizations.select_related("municipality").order_by("municipality__name", "short_name")
    settings = {
        row.municipality_id: row.kinds
        for row in RequiredActs.objects.filter(municipality__in=organizations.values("municipality"))
    }
    present: dict[int, set[str]] = defaultdict(set)
    kept = Document.objects.filter(organization__in=organizations).values_list("organization", "kind").distinct()
    for organization_id, kind in kept.order_by():
        present[organization_id].add(kind)
    missing = []
    for organization in organizations:
        required = settings.get(organization.municipality_id, DEFAULT_REQUIRED_KINDS)
        lacking = [DocumentKind(kind).label for kind in required if kind not in present[organization.pk]]
        if lacking:
            missing.append({"organization": organization, "kinds": lacking})
    context = {"waiting": list(waiting), "missing": missing}
    return render(request, "documents/review_queue.html", context)


@login_required
def required_acts(request: AuthedRequest) -> HttpResponse:
    """The municipality's list of the local acts each organization must keep (the coordinator's setting)."""
    access.require_role(request, *REVIEWERS)
    municipalities = access.visible(Municipality.objects.order_by("name"), request.user, write=True)
    chosen = request.POST.get("municipality") or request.GET.get("municipality", "")
    municipality = municipalities.filter(pk=chosen).first() if chosen.isdigit() else municipalities.first()
    if municipality is None:
        raise Http404
    form = RequiredActsForm(request.POST or None, initial={"kinds": review.required_kinds(municipality)})
    if request.method == "POST" and form.is_valid():
        review.required_acts_set(municipality=municipality, kinds=form.cleaned_data["kinds"], by=request.user)
        messages.success(request, "Список обязательных локальных актов сохранён.")
        return redirect(f"{request.path}?municipality={municipality.pk}")
    many = municipalities[:2].count() > 1
    context = {"form": form, "municipality": municipality, "municipalities": municipalities if many else None}
    return render(request, "documents/required_acts.html", context)
