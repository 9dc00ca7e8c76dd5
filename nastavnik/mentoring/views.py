from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.audit import audit
from nastavnik.accounts.models import AuditKind, Role
from nastavnik.accounts.types import AuthedRequest
from nastavnik.lib.errors import report
from nastavnik.lib.history import entries
from nastavnik.mentoring import exporting, services
from nastavnik.mentoring.forms import (
    CompatibilityNoteForm,
    DecisionForm,
    MenteeCreateForm,
    MenteeForm,
    MentorCreateForm,
    MentorForm,
)
from nastavnik.mentoring.models import (
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    Mentorship,
    MentorshipRequest,
    MentorStatus,
    MunicipalStatus,
    Participant,
    RequestStatus,
    mark_difficulties,
    mark_participants,
)
from nastavnik.mentoring.pair_views import program_info
from nastavnik.orgs.filters import OrganizationFilter, organization_filter
from nastavnik.people.models import Consent, ConsentKind, Person, mark_consents

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


Filtered = tuple[QuerySet, OrganizationFilter, dict[str, str]]


def _filters(request: AuthedRequest, queryset: QuerySet, statuses: list[str]) -> Filtered:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if query:
        queryset = queryset.filter(person__in=Person.objects.search(query))
    if status in statuses:
        queryset = queryset.filter(status=status)
    by_organization = organization_filter(request)
    queryset = by_organization.apply(queryset, "person__organization")
    filters = {"q": query, "status": status, "organization": by_organization.value}
    return queryset, by_organization, filters


def _list_context(request: AuthedRequest, page: object, filtered: Filtered, model: type) -> dict[str, object]:
    _, by_organization, filters = filtered
    return {
        "page_obj": page,
        "organization_filter": by_organization,
        "can_write": access.scope_q(request.user, model, write=True) is not None,
        "query_string": urlencode(filters) + "&",
        **filters,
    }


def _fields_and_m2m(form: forms.ModelForm) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """A profile form's data split for the services: plain fields, and many-to-many lists apart.
    The person is chosen on the form but passed to the service on its own."""
    many = {f.name for f in form._meta.model._meta.many_to_many}  # type: ignore[attr-defined]
    data = {k: v for k, v in form.cleaned_data.items() if k != "person"}
    return {k: v for k, v in data.items() if k not in many}, {k: list(v) for k, v in data.items() if k in many}


def _mentors(request: AuthedRequest) -> Filtered:
    mentors = access.visible(Mentor.objects.select_related("person__organization"), request.user)
    mentors = mentors.filter(person__deleted_at__isnull=True)
    return _filters(request, mentors, MentorStatus.values)


def _mentees(request: AuthedRequest) -> Filtered:
    mentees = access.visible(Mentee.objects.select_related("person__organization"), request.user)
    mentees = mentees.filter(person__deleted_at__isnull=True)
    return _filters(request, mentees, MenteeStatus.values)


def _my_pairs(request: AuthedRequest) -> list[Mentorship]:
    """The pairs the user is in now, as a mentor or a mentee, for their home page."""
    mine = Participant.objects.current().filter(person__user=request.user).values("mentorship")
    open_pairs = Mentorship.objects.filter(pk__in=mine).open().select_related("organization", "program")
    pairs = list(open_pairs.prefetch_related("program__activities")[:20])
    mark_participants(pairs)
    today = timezone.localdate()
    for pair in pairs:
        pair.program_info = program_info(pair, today)  # type: ignore[attr-defined]
    return pairs


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The start page: what needs doing in the user's scope; a mentor's or mentee's own pairs."""
    today = timezone.localdate()
    user = request.user
    mentees = access.visible(Mentee.objects.filter(person__deleted_at__isnull=True), user)
    mentors = access.visible(Mentor.objects.filter(person__deleted_at__isnull=True), user)
    context: dict[str, object] = {"today": today}
    if any(not grant.self_only for grant in access.grants(user)):  # a mentor or mentee alone sees no banks
        counts = mentors.aggregate(
            in_bank=Count("pk", filter=Q(status=MentorStatus.IN_BANK)),
            nominated=Count("pk", filter=Q(municipal_status=MunicipalStatus.NOMINATED)),
        )
        context["counts"] = {
            "people": access.visible(Person.objects.alive(), user).count() if access.has_personal_role(user) else None,
            "mentors": counts["in_bank"],
            "waiting": mentees.filter(status=MenteeStatus.WAITING).count(),
            "nominated": counts["nominated"],
            "open_pairs": access.visible(Mentorship.objects.open(), user).count(),
        }
    if access.has_role(user, *access.SELF_ROLES):
        context["my_mentor"] = mentors.filter(person__user=user).select_related("person").first()
        context["my_mentee"] = mentees.filter(person__user=user).select_related("person").first()
        context["my_pairs"] = _my_pairs(request)
    if access.scope_q(user, Mentorship, write=True) is not None:
        pending = MentorshipRequest.objects.filter(status=RequestStatus.PENDING)
        context["pending_requests"] = access.visible(pending, user, write=True).count()
    return render(request, "mentoring/home.html", context)


@login_required
def mentor_list(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, Mentor)
    filtered = _mentors(request)
    page = Paginator(filtered[0], PAGE_SIZE).get_page(request.GET.get("page"))
    mark_consents([mentor.person for mentor in page], on=timezone.localdate())
    context = _list_context(request, page, filtered, Mentor)
    context["statuses"] = MentorStatus.choices
    return render(request, "mentoring/mentor_list.html", context)


@login_required
def mentor_create(request: AuthedRequest) -> HttpResponse:
    access.require_write(request, Mentor)
    form = MentorCreateForm(request.POST or None, user=request.user, initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        fields, m2m = _fields_and_m2m(form)
        if fields.get("capacity") is None:
            fields.pop("capacity")
        try:
            mentor = services.mentor_add(person=form.cleaned_data["person"], fields=fields, m2m=m2m, by=request.user)
        except ValidationError as error:
            form.add_error("person", error)
        else:
            messages.success(request, f"{mentor.person.full_name} {mentor.person.past('внесён')} в банк наставников.")
            return redirect("mentoring:mentor-detail", mentor.pk)
    return render(request, "mentoring/mentor_form.html", {"form": form})


@login_required
def mentor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    mentor = access.get_for_user(request, Mentor.objects.select_related("person__organization__municipality"), pk)
    context = {
        "mentor": mentor,
        "has_consent": Consent.objects.valid(timezone.localdate())
        .filter(person=mentor.person, kind=ConsentKind.PROCESSING)
        .exists(),
        "can_write": access.visible(Mentor.objects.filter(pk=pk), request.user, write=True).exists(),
        "can_decide": access.has_role(request.user, Role.ADMIN, Role.COORDINATOR)
        and mentor.municipal_status == MunicipalStatus.NOMINATED,
        "decision_form": DecisionForm(),
    }
    return render(request, "mentoring/mentor_detail.html", context)


@login_required
def mentor_update(request: AuthedRequest, pk: int) -> HttpResponse:
    mentor = access.get_for_user(request, Mentor.objects.select_related("person"), pk, write=True)
    form = MentorForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _fields_and_m2m(form)
        if fields.get("capacity") is None:
            fields["capacity"] = mentor.person.organization.municipality.default_mentor_capacity
        try:
            services.mentor_update(mentor=Mentor.objects.get(pk=pk), fields=fields, m2m=m2m, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Профиль наставника сохранён.")
            return redirect("mentoring:mentor-detail", pk)
    return render(request, "mentoring/mentor_form.html", {"form": form, "mentor": mentor})


@require_POST
@login_required
def mentor_nominate(request: AuthedRequest, pk: int) -> HttpResponse:
    mentor = access.get_for_user(request, Mentor.objects.select_related("person"), pk, write=True)
    try:
        services.mentor_nominate(mentor=mentor, by=request.user)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Наставник выдвинут в муниципальный банк; решение примет координатор.")
    return redirect("mentoring:mentor-detail", pk)


@require_POST
@login_required
def mentor_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    access.require_role(request, Role.ADMIN, Role.COORDINATOR)
    mentor = access.get_for_user(request, Mentor.objects.select_related("person"), pk, write=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_decide(mentor=mentor, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, "Решение записано.")
    else:
        messages.error(request, "Выберите решение.")
    return redirect("mentoring:mentor-detail", pk)


@login_required
def municipal_bank(request: AuthedRequest) -> HttpResponse:
    """The municipal bank of mentors: nominations awaiting a decision and the admitted mentors."""
    access.require_read(request, Mentor)
    mentors = access.visible(Mentor.objects.select_related("person__organization"), request.user)
    mentors = mentors.exclude(municipal_status=MunicipalStatus.NONE).filter(person__deleted_at__isnull=True)
    status = request.GET.get("status", "")
    if status in MunicipalStatus.values and status:
        mentors = mentors.filter(municipal_status=status)
    page = Paginator(mentors.order_by("municipal_status", "person__search_key"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "status": status,
        "statuses": [c for c in MunicipalStatus.choices if c[0]],
        "query_string": f"status={status}&",
    }
    return render(request, "mentoring/municipal_bank.html", context)


@login_required
def mentee_list(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, Mentee)
    filtered = _mentees(request)
    page = Paginator(filtered[0], PAGE_SIZE).get_page(request.GET.get("page"))
    mark_consents([mentee.person for mentee in page], on=timezone.localdate())
    mark_difficulties(page)
    context = _list_context(request, page, filtered, Mentee)
    context["statuses"] = MenteeStatus.choices
    return render(request, "mentoring/mentee_list.html", context)


@login_required
def mentee_waiting(request: AuthedRequest) -> HttpResponse:
    """«Ожидают наставника»: the curator's to-do list, oldest request first."""
    access.require_read(request, Mentee)
    mentees = access.visible(Mentee.objects.select_related("person__organization"), request.user)
    mentees = mentees.filter(person__deleted_at__isnull=True).waiting()
    page = Paginator(mentees, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_difficulties(page)
    today = timezone.localdate()
    for mentee in page:
        mentee.days_waiting = (today - mentee.requested_on).days  # type: ignore[attr-defined]
    return render(request, "mentoring/mentee_waiting.html", {"page_obj": page, "query_string": ""})


@login_required
def mentee_create(request: AuthedRequest) -> HttpResponse:
    access.require_write(request, Mentee)
    form = MenteeCreateForm(request.POST or None, user=request.user, initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        fields, m2m = _fields_and_m2m(form)
        try:
            mentee = services.mentee_add(person=form.cleaned_data["person"], fields=fields, m2m=m2m, by=request.user)
        except ValidationError as error:
            form.add_error("person", error)
        else:
            messages.success(request, f"{mentee.person.full_name} {mentee.person.past('внесён')} в банк наставляемых.")
            return redirect("mentoring:mentee-detail", mentee.pk)
    return render(request, "mentoring/mentee_form.html", {"form": form, "categories": MenteeCategory.choices})


@login_required
def mentee_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    mentee = access.get_for_user(request, Mentee.objects.select_related("person__organization"), pk)
    context = {
        "mentee": mentee,
        "has_consent": Consent.objects.valid(timezone.localdate())
        .filter(person=mentee.person, kind=ConsentKind.PROCESSING)
        .exists(),
        "can_write": access.visible(Mentee.objects.filter(pk=pk), request.user, write=True).exists(),
        "notes": mentee.compatibility_notes.select_related("mentor__person", "by"),
    }
    if _may_assess(request):
        context["note_form"] = CompatibilityNoteForm(user=request.user, mentee=mentee)
    return render(request, "mentoring/mentee_detail.html", context)


def _may_assess(request: AuthedRequest) -> bool:
    """The psychologist assesses compatibility; the organization's staff may record their conclusion."""
    return access.has_role(request.user, Role.PSYCHOLOGIST, *access.WRITE_ROLES)


@require_POST
@login_required
def compatibility_note_save(request: AuthedRequest, pk: int) -> HttpResponse:
    """The psychologist's conclusion on a mentor for this mentee: recommended, possible, not recommended."""
    access.require_role(request, Role.PSYCHOLOGIST, *access.WRITE_ROLES)
    psychologist = access.has_role(request.user, Role.PSYCHOLOGIST)
    queryset = Mentee.objects.select_related("person__organization")
    mentee = access.get_for_user(request, queryset, pk, write=not psychologist)
    form = CompatibilityNoteForm(request.POST, user=request.user, mentee=mentee)
    if not form.is_valid():
        messages.error(request, "Выберите наставника из банка и заключение о совместимости.")
        return redirect("mentoring:mentee-detail", pk)
    try:
        services.compatibility_note_save(mentee=mentee, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Заключение о совместимости записано; подбор пар учтёт его.")
    return redirect("mentoring:mentee-detail", pk)


@login_required
def mentee_update(request: AuthedRequest, pk: int) -> HttpResponse:
    mentee = access.get_for_user(request, Mentee.objects.select_related("person"), pk, write=True)
    form = MenteeForm(request.POST or None, instance=mentee)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _fields_and_m2m(form)
        try:
            services.mentee_update(mentee=Mentee.objects.get(pk=pk), fields=fields, m2m=m2m, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Профиль наставляемого сохранён.")
            return redirect("mentoring:mentee-detail", pk)
    return render(request, "mentoring/mentee_form.html", {"form": form, "mentee": mentee})


@login_required
def mentor_export(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, Mentor)
    mentors, _, filters = _mentors(request)
    audit(request, AuditKind.EXPORT, details=f"банк наставников; фильтр: {filters}")
    response = HttpResponse(exporting.export_mentors(mentors), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bank-nastavnikov-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response


@login_required
def mentee_export(request: AuthedRequest) -> HttpResponse:
    access.require_read(request, Mentee)
    mentees, _, filters = _mentees(request)
    audit(request, AuditKind.EXPORT, details=f"банк наставляемых; фильтр: {filters}")
    response = HttpResponse(exporting.export_mentees(mentees), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bank-nastavlyaemyh-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response


@login_required
def person_history(request: AuthedRequest, pk: int) -> HttpResponse:
    """Who changed what and when: the person, their consents and their bank profiles."""
    person = access.get_for_user(request, Person.objects.all(), pk)
    access.require_write(request, Person)
    history = entries("Сведения о работнике", person.history.select_related("history_user"))
    for consent in person.consents.all():
        history += entries(str(consent), consent.history.select_related("history_user"))
    for model, label in ((Mentor, "Профиль наставника"), (Mentee, "Профиль наставляемого")):
        profile = model.objects.filter(person=person).first()
        if profile is not None:
            history += entries(label, profile.history.select_related("history_user"))
    history.sort(key=lambda entry: entry.at, reverse=True)
    return render(request, "mentoring/person_history.html", {"person": person, "history": history})
