"""Pages of generated documents: the pairing order for the chosen pairs, regeneration, PDF, the program
and the certificate as DOCX, and the municipality's own templates (DESIGN §4.8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.models import Role
from nastavnik.accounts.types import AuthedRequest
from nastavnik.documents.generation import contexts
from nastavnik.documents.generation.render import TEMPLATE_KINDS, check_template, shipped_template
from nastavnik.documents.generation.services import (
    DOCX,
    default_ids,
    document_generate,
    document_regenerate,
    make_docx,
    pairs_order_generate,
)
from nastavnik.documents.models import Document, DocumentKind, DocumentTemplate
from nastavnik.lib.pdf import docx_to_pdf
from nastavnik.mentoring.models import Mentor, Mentorship, MentorshipStatus
from nastavnik.orgs.models import Municipality, Organization
from nastavnik.programs.models import Program

TEMPLATE_ROLES = (Role.ADMIN, Role.COORDINATOR)
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def generate_pairs_order(request: AuthedRequest) -> HttpResponse:
    """The draft pairs without an order the user may change, with checkboxes: one order for the chosen."""
    access.require_write(request, Mentorship)
    drafts = Mentorship.objects.visible_to(request.user, write=True).filter(
        status=MentorshipStatus.DRAFT, order_number=""
    )
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("pairs") if pk.isdigit()]
        pairs = list(drafts.filter(pk__in=chosen))
        if len(pairs) != len(set(chosen)):
            raise Http404
        try:
            document = pairs_order_generate(mentorships=pairs, on=timezone.localdate(), by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Приказ № {document.number} сформирован и внесён в реестр.")
            return redirect("documents:document-detail", document.pk)
    pairs = contexts.pairs_with_participants(drafts.values_list("pk", flat=True)[:500])
    rows = [(pair, contexts.missing_consents([pair])) for pair in pairs]
    return render(request, "documents/generate_pairs_order.html", {"rows": rows})


# The orders made for an organization as a whole (the pairing order has its own page).
ORGANIZATION_ORDERS = (
    DocumentKind.ORDER_MODEL,
    DocumentKind.ORDER_CURATOR,
    DocumentKind.ORDER_PROGRAMS,
    DocumentKind.ORDER_COMPLETION,
)


@login_required
def generate_order(request: AuthedRequest) -> HttpResponse:
    """An order of the organization: on introducing the model, the curator, approving the agreed
    programs, completing the finished programs; numbered and registered."""
    access.require_write(request, Organization)
    organizations = list(
        access.visible(Organization.objects.select_related("municipality"), request.user, write=True).order_by(
            "search_key"
        )[:1000]
    )
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        chosen = request.POST.get("organization", "")
        organization = next((o for o in organizations if chosen.isdigit() and o.pk == int(chosen)), None)
        if kind not in ORGANIZATION_ORDERS:
            messages.error(request, "Выберите вид приказа.")
        elif organization is None:
            raise Http404
        else:
            ids = default_ids(kind, organization)
            if kind in (DocumentKind.ORDER_PROGRAMS, DocumentKind.ORDER_COMPLETION) and not ids:
                what = "согласованных" if kind == DocumentKind.ORDER_PROGRAMS else "завершённых"
                messages.error(request, f"В организации нет {what} программ: приказ не нужен.")
            else:
                document = document_generate(
                    kind=kind, organization=organization, ids=ids, on=timezone.localdate(), by=request.user
                )
                messages.success(request, f"Приказ № {document.number} сформирован и внесён в реестр.")
                return redirect("documents:document-detail", document.pk)
    kinds = [(kind, DocumentKind(kind).label) for kind in ORGANIZATION_ORDERS]
    return render(request, "documents/generate_order.html", {"organizations": organizations, "kinds": kinds})


def _generated(request: AuthedRequest, pk: int, *, write: bool = False) -> Document:
    return access.get_for_user(request, Document.objects.select_related("organization"), pk, write=write)


@require_POST
@login_required
def generated_regenerate(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _generated(request, pk, write=True)
    try:
        version = document_regenerate(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Документ сформирован заново по текущим данным: версия {version.number}.")
    return redirect("documents:document-detail", document.pk)


@login_required
def generated_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    document = _generated(request, pk)
    version = document.versions.order_by("-number").first()
    if version is None or not (version.file.name or "").lower().endswith(".docx"):
        raise Http404
    with version.file.open("rb") as handle:
        pdf = docx_to_pdf(handle.read())
    if pdf is None:
        messages.error(request, "PDF не сформирован: на сервере не установлен LibreOffice. Скачайте DOCX.")
        return redirect("documents:document-detail", document.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=document-{document.pk}.pdf"
    return response


@login_required
def program_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    program = access.get_for_user(request, Program.objects.select_related("mentorship__organization__municipality"), pk)
    organization = program.mentorship.organization
    content = make_docx(DocumentKind.PROGRAM, organization, [program.pk], number="", on=timezone.localdate())
    return _docx(content, f"programma-{program.pk}.docx")


@login_required
def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    mentor = access.get_for_user(request, Mentor.objects.select_related("person__organization__municipality"), pk)
    organization = mentor.person.organization
    content = make_docx(DocumentKind.CERTIFICATE, organization, [mentor.pk], number="", on=timezone.localdate())
    return _docx(content, f"spravka-{mentor.pk}.docx")


# --- The municipality's own templates -------------------------------------------------------------------


def _municipalities(request: AuthedRequest) -> list[Municipality]:
    """The municipalities whose templates the user keeps (a coordinator's own; every one for an admin)."""
    q = access.scope_q(request.user, Municipality, write=True)
    return [] if q is None else list(Municipality.objects.filter(q).order_by("name"))


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, *TEMPLATE_ROLES)
    municipalities = _municipalities(request)
    own = {
        (t.municipality_id, t.kind): t
        for t in access.visible(DocumentTemplate.objects.all(), request.user, write=True).select_related("uploaded_by")
    }
    kinds = [(kind, DocumentKind(kind).label) for kind in TEMPLATE_KINDS]
    rows = [(m, [(kind, label, own.get((m.pk, kind))) for kind, label in kinds]) for m in municipalities]
    return render(request, "documents/template_list.html", {"rows": rows})


@login_required
def template_download(request: AuthedRequest, kind: str) -> FileResponse:
    access.require_role(request, *TEMPLATE_ROLES)
    if kind not in TEMPLATE_KINDS:
        raise Http404
    return FileResponse(shipped_template(kind).open("rb"), as_attachment=True, filename=f"{kind}.docx")


@require_POST
@login_required
def template_upload(request: AuthedRequest, kind: str) -> HttpResponse:
    access.require_role(request, *TEMPLATE_ROLES)
    if kind not in TEMPLATE_KINDS:
        raise Http404
    municipalities = {m.pk: m for m in _municipalities(request)}
    municipality_id = request.POST.get("municipality", "")
    municipality = municipalities.get(int(municipality_id)) if municipality_id.isdigit() else None
    if municipality is None:
        raise PermissionDenied
    upload = request.FILES.get("file")
    label = DocumentKind(kind).label
    if upload is None:
        messages.error(request, f"Шаблон «{label}»: выберите файл DOCX.")
    elif upload.size is not None and upload.size > MAX_TEMPLATE_BYTES:
        messages.error(request, f"Шаблон «{label}»: файл больше 5 МБ.")
    else:
        content = upload.read()
        problem = check_template(kind, content)
        if problem:
            messages.error(request, f"Шаблон «{label}» не принят, действует поставляемый. {problem}")
        else:
            template, _ = DocumentTemplate.objects.get_or_create(
                municipality=municipality, kind=kind, defaults={"uploaded_by": request.user}
            )
            template.uploaded_by = request.user
            template.file.save(f"{kind}.docx", ContentFile(content), save=False)
            template.save()
            messages.success(request, f"Шаблон «{label}» муниципалитета загружен и действует.")
    return redirect("documents:template-list")


@require_POST
@login_required
def template_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    template = access.get_for_user(request, DocumentTemplate.objects.all(), pk, write=True)
    label = template.get_kind_display()
    template.delete()
    messages.success(request, f"Шаблон «{label}» муниципалитета удалён: действует поставляемый.")
    return redirect("documents:template-list")
