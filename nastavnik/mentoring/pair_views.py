"""Pages of pairs and groups: the curator's board, a pair's page, forming a pair, its lifecycle, and
the participants' requests (DESIGN §4.5)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.models import Role
from nastavnik.accounts.types import AuthedRequest
from nastavnik.lib.errors import add_errors, report
from nastavnik.lib.paging import search_page
from nastavnik.mentoring import services
from nastavnik.mentoring.forms import (
    DutiesConsentForm,
    EndEarlyForm,
    MentorshipForm,
    OrderForm,
    RequestDecisionForm,
    RequestForm,
)
from nastavnik.mentoring.models import (
    OPEN_STATUSES,
    Mentor,
    Mentorship,
    MentorshipKind,
    MentorshipRequest,
    MentorshipStatus,
    Pairing,
    Participant,
    ParticipantRole,
    mark_participants,
    mark_programs,
)
from nastavnik.orgs.filters import OrganizationFilter, organization_filter
from nastavnik.people.models import Person

PAGE_SIZE = 50
NETWORK_ROLES = (Role.ADMIN, Role.COORDINATOR)


def _board(request: AuthedRequest, by_organization: OrganizationFilter) -> tuple[QuerySet[Mentorship], dict[str, str]]:
    today = timezone.localdate()
    pairs = access.visible(Mentorship.objects.select_related("organization"), request.user)
    # The open pairs in the user's scope with an activity past its deadline, read once from the
    # activities' index: cheaper than asking it of every pair while sorting (the programs app is reached
    # by name only). A superset of the page's pairs is harmless: it only marks which come first.
    late = pairs.open().filter(program__activities__status="planned", program__activities__deadline__lt=today)
    late_ids = list(late.order_by().values_list("pk", flat=True).distinct())
    filters = {key: request.GET.get(key, "").strip() for key in ("status", "pairing", "kind", "mentor", "q")}
    if filters["status"] == "open":
        pairs = pairs.open()
    elif filters["status"] in MentorshipStatus.values:
        pairs = pairs.filter(status=filters["status"])
    if filters["pairing"] in Pairing.values:
        pairs = pairs.filter(pairing=filters["pairing"])
    if filters["kind"] in MentorshipKind.values:
        pairs = pairs.filter(kinds__icontains=f'"{filters["kind"]}"')  # the JSON text, the same on both databases
    if filters["mentor"].isdigit():
        mentor_people = Mentor.objects.filter(pk=int(filters["mentor"])).values("person")
        pairs = pairs.filter(
            pk__in=Participant.objects.filter(person__in=mentor_people, role="mentor").values("mentorship")
        )
    if filters["q"]:
        people = Person.objects.search(filters["q"])
        pairs = pairs.filter(pk__in=Participant.objects.filter(person__in=people).values("mentorship"))
    pairs = by_organization.apply(pairs, "organization")
    filters["organization"] = by_organization.value
    overdue = Q(status__in=OPEN_STATUSES) & (Q(planned_end_on__lt=today) | Q(pk__in=late_ids))
    pairs = pairs.annotate(
        overdue=Case(When(overdue, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-overdue", "-started_on", "-pk")
    return pairs, filters


@login_required
def mentorship_list(request: AuthedRequest) -> HttpResponse:
    """The board of pairs and groups: filters by status, form, kind and mentor; overdue first."""
    access.require_read(request, Mentorship)
    by_organization = organization_filter(request)
    pairs, filters = _board(request, by_organization)
    number = request.GET.get("page")
    if filters["q"]:
        page = search_page(pairs, number, PAGE_SIZE, rows=Mentorship.objects.select_related("organization"))
    else:
        page = Paginator(pairs, PAGE_SIZE).get_page(number)
    mark_participants(page)
    mark_programs(page, timezone.localdate())
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": MentorshipStatus.choices,
        "pairings": Pairing.choices,
        "kinds": MentorshipKind.choices,
        "organization_filter": by_organization,
        "query_string": urlencode(filters) + "&",
        "can_write": access.scope_q(request.user, Mentorship, write=True) is not None,
        "today": timezone.localdate(),
    }
    return render(request, "mentoring/mentorship_list.html", context)


@login_required
def mentorship_create(request: AuthedRequest) -> HttpResponse:
    """A pair or a group formed by hand; a coordinator may take a mentor of another organization."""
    access.require_write(request, Mentorship)
    network = access.has_role(request.user, *NETWORK_ROLES)
    form = MentorshipForm(request.POST or None, user=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mentees = list(data["mentees"])
        try:
            pair = services.mentorship_create(
                organization=mentees[0].person.organization,
                pairing=data["pairing"],
                kinds=data["kinds"],
                mentors=list(data["mentors"]),
                mentees=mentees,
                started_on=data["started_on"],
                planned_end_on=data["planned_end_on"],
                difficulties=list(data["difficulties"]) or None,
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Пара сформирована как черновик. Следующий шаг — приказ о закреплении.")
            return redirect("mentoring:mentorship-detail", pair.pk)
    return render(request, "mentoring/mentorship_form.html", {"form": form})


def _pair(request: AuthedRequest, pk: int, *, write: bool = False, own: bool = False) -> Mentorship:
    queryset = Mentorship.objects.select_related("organization__municipality", "created_by")
    return access.get_for_user(request, queryset, pk, write=write, own=own)


def program_info(pair: Mentorship, today: date) -> dict[str, Any] | None:
    """The pair's program with its next activity and overdue count, read through the reverse relation
    (the programs app comes after this one; prefetch ``program__activities``); None before it is drawn up."""
    program = getattr(pair, "program", None)
    if program is None:
        return None
    return {"program": program, "next": program.next_activity(today), "overdue": program.overdue_count(today)}


@login_required
def mentorship_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    queryset = Mentorship.objects.select_related("organization__municipality", "program")
    queryset = queryset.prefetch_related("program__activities")
    pair = access.get_for_user(request, access.with_write_flag(queryset, request.user), pk)
    participants = list(pair.participants.select_related("person__organization").order_by("left_on", "role", "pk"))
    mine = next((p for p in participants if p.left_on is None and p.person.user_id == request.user.pk), None)
    requests = list(pair.requests.select_related("person", "replacement__person", "decided_by"))
    can_write = access.may_write(request.user, pair)
    context = {
        "pair": pair,
        "current": [p for p in participants if p.left_on is None],
        "former": [p for p in participants if p.left_on is not None],
        "history": pair.status_changes.select_related("by"),
        "requests": requests,
        "difficulties": list(pair.difficulties.all()),
        "can_write": can_write,
        "is_open": pair.status in OPEN_STATUSES,
        "mine": mine,
        "my_pending": mine is not None
        and any(r.person_id == mine.person_id and r.status == "pending" for r in requests),
        "request_form": RequestForm(),
        "decision_form": RequestDecisionForm(user=request.user) if can_write else None,
        "order_form": OrderForm(initial={"order_number": pair.order_number, "order_date": pair.order_date}),
        "end_form": EndEarlyForm(),
        "next_statuses": services.TRANSITIONS.get(pair.status, ()),
        "can_create_program": can_write or (mine is not None and mine.role == ParticipantRole.MENTOR),
        "today": timezone.localdate(),
    }
    info = program_info(pair, timezone.localdate())
    if info is not None:
        context.update(program=info["program"], program_next=info["next"], program_overdue=info["overdue"])
    return render(request, "mentoring/mentorship_detail.html", context)


@require_POST
@login_required
def mentorship_order(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk, write=True)
    form = OrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите номер и дату приказа.")
        return redirect("mentoring:mentorship-detail", pk)
    try:
        services.mentorship_set_order(
            mentorship=pair,
            number=form.cleaned_data["order_number"],
            on=form.cleaned_data["order_date"],
            by=request.user,
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Приказ записан.")
    return redirect("mentoring:mentorship-detail", pk)


@require_POST
@login_required
def mentorship_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move the pair along its lifecycle: утверждена приказом, действует, завершена, прекращена досрочно."""
    pair = _pair(request, pk, write=True)
    to = request.POST.get("to", "")
    form = EndEarlyForm(request.POST) if to == MentorshipStatus.ENDED_EARLY else None
    if form is not None and not form.is_valid():
        messages.error(request, "Укажите причину досрочного прекращения.")
        return redirect("mentoring:mentorship-detail", pk)
    extra = form.cleaned_data if form is not None else {}
    try:
        services.mentorship_transition(mentorship=pair, to=to, by=request.user, on=timezone.localdate(), **extra)
    except (ValidationError, ValueError) as error:
        report(request, error if isinstance(error, ValidationError) else ValidationError("Неизвестный статус."))
    else:
        messages.success(request, f"Статус пары: «{MentorshipStatus(to).label}».")
    return redirect("mentoring:mentorship-detail", pk)


@require_POST
@login_required
def participant_consent(request: AuthedRequest, pk: int, participant_pk: int) -> HttpResponse:
    """The date of a participant's written consent to the additional duties (ТК РФ ст. 351.8)."""
    pair = _pair(request, pk, write=True)
    participant = get_object_or_404(Participant, mentorship=pair, pk=participant_pk)
    form = DutiesConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите дату письменного согласия.")
        return redirect("mentoring:mentorship-detail", pk)
    try:
        services.participant_record_consent(
            participant=participant, on=form.cleaned_data["duties_consent_on"], by=request.user
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, f"Согласие {participant.person.full_name} записано.")
    return redirect("mentoring:mentorship-detail", pk)


@require_POST
@login_required
def request_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant asks: the mentee for another mentor, the mentor to resign."""
    pair = _pair(request, pk)
    form = RequestForm(request.POST)
    person = Person.objects.filter(user=request.user).first()
    if not form.is_valid() or person is None:
        messages.error(request, "Напишите причину.")
        return redirect("mentoring:mentorship-detail", pk)
    try:
        services.request_create(mentorship=pair, person=person, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Просьба передана куратору. Решение появится на этой странице.")
    return redirect("mentoring:mentorship-detail", pk)


@require_POST
@login_required
def request_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """The curator's decision on a request; a granted one may name the new mentor."""
    pending = access.get_for_user(request, MentorshipRequest.objects.select_related("mentorship"), pk)
    _pair(request, pending.mentorship_id, write=True)
    form = RequestDecisionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Выберите решение и, если нужно, нового наставника из банка.")
        return redirect("mentoring:mentorship-detail", pending.mentorship_id)
    try:
        services.request_decide(request=pending, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Решение по просьбе записано.")
    return redirect("mentoring:mentorship-detail", pending.mentorship_id)
