"""Pages of personalized programs: a program with its plan, building it from a template, editing, the
activities and their execution, the signatures, and the templates (DESIGN §4.7)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.models import Role
from nastavnik.accounts.types import AuthedRequest
from nastavnik.lib.errors import add_errors, report
from nastavnik.mentoring.models import Mentorship, ParticipantRole
from nastavnik.orgs.models import Municipality
from nastavnik.programs import services
from nastavnik.programs.forms import (
    ActivityForm,
    CompleteForm,
    MarkForm,
    ProgramCreateForm,
    ProgramForm,
    SectionFormSet,
    TemplateForm,
)
from nastavnik.programs.models import Activity, Program, ProgramStatus, ProgramTemplate

TEMPLATE_ROLES = (Role.ADMIN, Role.COORDINATOR)


def _program(request: AuthedRequest, pk: int, *, write: bool = False, own: bool = False) -> Program:
    queryset = Program.objects.select_related(
        "mentorship__organization__municipality",
        "template",
        "submitted_by",
        "agreed_by",
        "acknowledged_by",
        "completed_by",
    ).prefetch_related(Prefetch("activities", queryset=Activity.objects.select_related("difficulty", "marked_by")))
    return access.get_for_user(request, access.with_write_flag(queryset, request.user), pk, write=write, own=own)


def _mentor_roles(request: AuthedRequest, mentorship: Mentorship) -> set[str]:
    rows = mentorship.participants.current().filter(person__user=request.user)
    return set(rows.values_list("role", flat=True))


def _require_editor(request: AuthedRequest, obj: Program | Mentorship) -> None:
    """403 for a mentee: the plan is written by the mentor and the organization's staff."""
    mentorship = obj if isinstance(obj, Mentorship) else obj.mentorship
    if ParticipantRole.MENTOR in _mentor_roles(request, mentorship) or access.may_write(request.user, obj):
        return
    access.audit_refusal(request, f"программа пары №{mentorship.pk}: изменяют наставник и сотрудники ОО")
    raise PermissionDenied


def _plan(program: Program, activities: list[Activity], today: date) -> list[dict[str, Any]]:
    """The plan table: blocks in the program's order, each with its activities; a block with parts
    (IV: 4.1–4.6) is shown when a part has activities; blocks left out (the seed's footnote) are not."""
    by_block: dict[str, list[Activity]] = {}
    for activity in sorted(activities, key=lambda a: (a.order, a.pk)):
        activity.overdue = activity.is_overdue(today)  # type: ignore[attr-defined]
        by_block.setdefault(activity.block, []).append(activity)
    used = {block["parent"] for block in program.blocks if block["code"] in by_block and block["parent"]}
    rows = [
        {**block, "activities": by_block.pop(block["code"], [])}
        for block in program.blocks
        if block["code"] in by_block or block["code"] in used
    ]
    rest = [a for group in by_block.values() for a in group]
    if rest:
        rows.append({"code": "", "title": "Другие мероприятия", "parent": "", "activities": rest})
    return rows


@login_required
def program_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    today = timezone.localdate()
    activities = list(program.activities.all())
    participants = list(
        program.mentorship.participants.current().select_related("person").order_by("role", "person__search_key")
    )
    my_roles = {p.role for p in participants if p.person.user_id == request.user.pk}
    is_writer = access.may_write(request.user, program)
    is_open = program.status != ProgramStatus.COMPLETED
    can_edit = is_open and (is_writer or ParticipantRole.MENTOR in my_roles)
    done, total = program.progress()
    context = {
        "program": program,
        "pair": program.mentorship,
        "plan": _plan(program, activities, today),
        "mentors": [p for p in participants if p.role == ParticipantRole.MENTOR],
        "mentees": [p for p in participants if p.role == ParticipantRole.MENTEE],
        "difficulties": list(program.difficulties.all()),
        "overcome": list(program.overcome_difficulties.all()) if program.status == ProgramStatus.COMPLETED else [],
        "versions": list(program.versions.select_related("by")),
        "done": done,
        "total": total,
        "percent": program.progress_percent(),
        "overdue": program.overdue_count(today),
        "next_activity": program.next_activity(today),
        "today": today,
        "can_edit": can_edit,
        "can_mark": is_open and (is_writer or bool(my_roles)),
        "can_submit": program.status == ProgramStatus.DRAFT and ParticipantRole.MENTOR in my_roles,
        "can_agree": program.status == ProgramStatus.SUBMITTED and services.may_agree(request.user, program),
        "can_acknowledge": program.status == ProgramStatus.AGREED and ParticipantRole.MENTEE in my_roles,
        "can_complete": can_edit and program.status == ProgramStatus.ACKNOWLEDGED,
        "can_offer": is_writer and program.status == ProgramStatus.COMPLETED and not program.offered_to_bank_at,
    }
    if context["can_complete"]:
        context["complete_form"] = CompleteForm(program=program)
    return render(request, "programs/program_detail.html", context)


@login_required
def program_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """A program for the pair, built on a template."""
    pair = access.get_for_user(request, Mentorship.objects.select_related("organization"), pk, write=True, own=True)
    _require_editor(request, pair)
    existing = Program.objects.filter(mentorship=pair).first()
    if existing is not None:
        return redirect("programs:program-detail", existing.pk)
    initial = {"starts_on": pair.started_on, "ends_on": pair.planned_end_on}
    form = ProgramCreateForm(request.POST or None, mentorship=pair, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create_from_template(by=request.user, mentorship=pair, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Программа составлена по шаблону. Уточните её текст и план мероприятий.")
            return redirect("programs:program-detail", program.pk)
    return render(request, "programs/program_create.html", {"form": form, "pair": pair})


@login_required
def program_update(request: AuthedRequest, pk: int) -> HttpResponse:
    program = _program(request, pk, write=True, own=True)
    _require_editor(request, program)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        difficulties = list(data.pop("difficulties"))
        was = program.version
        try:
            program = services.program_update(program=program, fields=data, difficulties=difficulties, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _saved(request, program, was)
            return redirect("programs:program-detail", program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


def _saved(request: AuthedRequest, program: Program, was: int) -> None:
    if program.version != was:
        messages.warning(
            request,
            f"Программа изменена после согласования: согласованный текст сохранён как версия {was}. "
            "Новую версию нужно подписать и согласовать заново.",
        )
    else:
        messages.success(request, "Программа сохранена.")


@login_required
def activity_create(request: AuthedRequest, pk: int) -> HttpResponse:
    program = _program(request, pk, write=True, own=True)
    _require_editor(request, program)
    form = ActivityForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        was = program.version
        try:
            services.activity_add(program=program, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            program.refresh_from_db(fields=["version"])
            _saved(request, program, was)
            return redirect("programs:program-detail", program.pk)
    return render(request, "programs/activity_form.html", {"form": form, "program": program, "activity": None})


def _activity(request: AuthedRequest, pk: int, *, own: bool = True) -> Activity:
    queryset = Activity.objects.select_related("program__mentorship__organization")
    return access.get_for_user(request, queryset, pk, write=True, own=own)


@login_required
def activity_update(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    program = activity.program
    _require_editor(request, program)
    form = ActivityForm(request.POST or None, instance=activity, program=program)
    if request.method == "POST" and form.is_valid():
        was = program.version
        try:
            services.activity_update(activity=activity, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            program.refresh_from_db(fields=["version"])
            _saved(request, program, was)
            return redirect("programs:program-detail", program.pk)
    context = {"form": form, "program": program, "activity": activity}
    return render(request, "programs/activity_form.html", context)


@require_POST
@login_required
def activity_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    program = activity.program
    _require_editor(request, program)
    was = program.version
    try:
        services.activity_delete(activity=activity, by=request.user)
    except ValidationError as error:
        report(request, error)
    else:
        program.refresh_from_db(fields=["version"])
        if program.version != was:
            _saved(request, program, was)
        else:
            messages.success(request, "Мероприятие убрано из плана.")
    return redirect("programs:program-detail", program.pk)


@login_required
def activity_mark(request: AuthedRequest, pk: int) -> HttpResponse:
    """The mentor or the mentee of the pair (or a curator) marks the activity done or not, with evidence."""
    activity = _activity(request, pk)
    initial = {
        "done": "0" if activity.status == "not_done" else "1",
        "done_on": activity.done_on or timezone.localdate(),
        "actual_result": activity.actual_result,
        "evidence_note": activity.evidence_note,
        "evidence_link": activity.evidence_link,
    }
    form = MarkForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_mark(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Выполнение мероприятия отмечено.")
            return redirect("programs:program-detail", activity.program_id)
    context = {"form": form, "activity": activity, "program": activity.program}
    return render(request, "programs/activity_mark.html", context)


@login_required
def activity_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    activity = access.get_for_user(request, Activity.objects.all(), pk)
    if not activity.evidence_file:
        raise Http404
    name = Path(str(activity.evidence_file.name)).name
    return FileResponse(activity.evidence_file.open("rb"), as_attachment=True, filename=name)


def _step(request: AuthedRequest, pk: int, step: Any, done: str, *, own: bool = True) -> HttpResponse:
    program = _program(request, pk, write=True, own=own)
    try:
        step(program=program, by=request.user)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, done)
    return redirect("programs:program-detail", pk)


@require_POST
@login_required
def program_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    """«Наставник»: the mentor signs the program and sends it to the head."""
    return _step(request, pk, services.program_submit, "Программа подписана и направлена на согласование.")


@require_POST
@login_required
def program_agree(request: AuthedRequest, pk: int) -> HttpResponse:
    """«Согласовано»: the head of the organization."""
    return _step(request, pk, services.program_agree, "Программа согласована.", own=False)


@require_POST
@login_required
def program_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    """«Ознакомлен»: the mentee."""
    return _step(request, pk, services.program_acknowledge, "Вы ознакомлены с программой: она утверждена.")


@require_POST
@login_required
def program_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    program = _program(request, pk, write=True, own=True)
    _require_editor(request, program)
    form = CompleteForm(request.POST, program=program)
    if not form.is_valid():
        messages.error(request, "Напишите итоги программы и выберите преодолённые затруднения из её целей.")
        return redirect("programs:program-detail", pk)
    try:
        services.program_complete(
            program=program,
            outcome=form.cleaned_data["outcome"],
            overcome=list(form.cleaned_data["overcome"]),
            by=request.user,
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, "Программа завершена.")
    return redirect("programs:program-detail", pk)


@require_POST
@login_required
def program_offer(request: AuthedRequest, pk: int) -> HttpResponse:
    """A completed program goes to the program bank."""
    return _step(request, pk, services.program_offer_to_bank, "Программа предложена в банк программ.", own=False)


# --- Templates ------------------------------------------------------------------------------------------


def _my_municipality(request: AuthedRequest) -> Municipality | None:
    """The municipality whose templates a coordinator keeps; None for an admin (templates for all)."""
    if access.has_role(request.user, Role.ADMIN):
        return None
    ids = [g.scope_id for g in access.grants(request.user) if g.role == Role.COORDINATOR and g.scope_id is not None]
    return Municipality.objects.get(pk=ids[0])


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    access.require_role(request, *TEMPLATE_ROLES)
    editable = access.visible(ProgramTemplate.objects.all(), request.user, write=True)
    shipped = ProgramTemplate.objects.filter(municipality__isnull=True)
    templates = (
        (editable | shipped)
        .select_related("municipality")
        .annotate(section_count=Count("sections"))
        .order_by("municipality", "-is_default", "name")
    )
    editable_ids = set(editable.values_list("pk", flat=True))
    context = {"templates": templates, "editable_ids": editable_ids}
    return render(request, "programs/template_list.html", context)


@require_POST
@login_required
def template_create(request: AuthedRequest) -> HttpResponse:
    """A template of one's own, as a copy of another one (the default by default)."""
    access.require_role(request, *TEMPLATE_ROLES)
    municipality = _my_municipality(request)
    source = ProgramTemplate.objects.filter(pk=request.POST.get("source") or 0).first()
    if source is None:
        source = ProgramTemplate.objects.filter(municipality__isnull=True, is_default=True).first()
    if source is None:
        raise Http404
    template = services.template_copy(source=source, municipality=municipality, by=request.user)
    messages.success(request, "Шаблон скопирован: измените его блоки и мероприятия.")
    return redirect("programs:template-update", template.pk)


@login_required
def template_update(request: AuthedRequest, pk: int) -> HttpResponse:
    template = access.get_for_user(request, ProgramTemplate.objects.all(), pk, write=True)
    access.require_role(request, *TEMPLATE_ROLES)
    initial = [
        {"code": s.code, "title": s.title, "parent": s.parent, "activities": s.activities}
        for s in template.sections.all()
    ]
    form = TemplateForm(request.POST or None, instance=template)
    sections = SectionFormSet(request.POST or None, initial=initial, prefix="sections")
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        rows = [row for row in sections.cleaned_data if row and not row.get("DELETE")]
        try:
            services.template_update(template=template, fields=form.cleaned_data, sections=rows, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Шаблон сохранён.")
            return redirect("programs:template-list")
    context = {"form": form, "sections": sections, "template": template}
    return render(request, "programs/template_form.html", context)
