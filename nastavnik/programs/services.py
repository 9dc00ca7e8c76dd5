"""Workflows of personalized programs: built from a template, planned, signed by the mentor, agreed by
the head, acknowledged by the mentee, carried out with evidence, completed (DESIGN §4.7)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from nastavnik.accounts import access
from nastavnik.accounts.models import Level, Role, User
from nastavnik.lib.text import plural
from nastavnik.mentoring import services as mentoring_services
from nastavnik.mentoring.models import (
    OPEN_STATUSES,
    Difficulty,
    Mentee,
    Mentorship,
    MentorshipStatus,
    ParticipantRole,
)
from nastavnik.orgs.models import Municipality
from nastavnik.programs.models import (
    AGREED_STATUSES,
    Activity,
    ActivityFormat,
    ActivityStatus,
    Interaction,
    Program,
    ProgramStatus,
    ProgramTemplate,
    ProgramVersion,
    TemplateSection,
    add_months,
    period_error,
)

PROGRAM_TEXT_FIELDS = (
    "basis",
    "relevance",
    "goal",
    "tasks",
    "interim_results",
    "planned_results",
    "schedule",
    "conditions",
)
PROGRAM_FIELDS = (*PROGRAM_TEXT_FIELDS, "starts_on", "ends_on", "interaction", "mode")
ACTIVITY_FIELDS = ("block", "content", "deadline", "planned_result", "format", "difficulty")

# Evidence of an activity: scans, photos and office documents (checked by content, not by name).
EVIDENCE_TYPES = {b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"PK\x03\x04": "DOCX, XLSX, PPTX"}
OFFICE_PARTS = ("word/document.xml", "xl/workbook.xml", "ppt/presentation.xml")
EVIDENCE_RULE = "Подтверждающий файл — PDF, PNG, JPEG или документ Word, Excel, PowerPoint (DOCX, XLSX, PPTX)."

COMPLETED = "Программа завершена: изменить её нельзя."


# --- Who may do what ------------------------------------------------------------------------------------


def _roles_in(mentorship: Mentorship, user: User) -> set[str]:
    """The roles the user holds in the pair now (a replaced mentor holds none)."""
    rows = mentorship.participants.current().filter(person__user=user)
    return set(rows.values_list("role", flat=True))


def _require_editor(program: Program | Mentorship, by: User) -> None:
    """The program is written by the pair's mentor, or by a curator, head or coordinator in scope."""
    mentorship = program if isinstance(program, Mentorship) else program.mentorship
    if ParticipantRole.MENTOR in _roles_in(mentorship, by):
        return
    if access.may_write(by, program):
        return
    raise ValidationError("Составлять и изменять программу могут наставник пары, куратор и руководитель организации.")


def may_agree(user: User, program: Program) -> bool:
    """«Согласовано»: the head of the pair's organization, a coordinator of its municipality, an admin."""
    organization = program.mentorship.organization
    for grant in access.grants(user):
        if grant.role == Role.ADMIN:
            return True
        if grant.role == Role.HEAD and grant.level == Level.ORGANIZATION and grant.scope_id == organization.pk:
            return True
        if grant.role == Role.COORDINATOR and grant.scope_id == organization.municipality_id:
            return True
    return False


def _lock(program: Program) -> Program:
    locked = Program.objects.select_for_update().select_related("mentorship__organization").get(pk=program.pk)
    if locked.status == ProgramStatus.COMPLETED:
        raise ValidationError(COMPLETED)
    return locked


# --- Versions -------------------------------------------------------------------------------------------


def _who(user: User | None) -> str:
    return str(user) if user is not None else ""


def _when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}" if moment is not None else ""


def snapshot(program: Program) -> dict[str, Any]:
    """The program as a document: its fields, goals, plan and signatures, for a version."""
    data: dict[str, Any] = {name: getattr(program, name) for name in PROGRAM_TEXT_FIELDS}
    data.update(
        starts_on=program.starts_on.isoformat(),
        ends_on=program.ends_on.isoformat(),
        interaction=program.get_interaction_display(),
        mode=program.get_mode_display(),
        difficulties=[d.name for d in program.difficulties.all()],
        submitted=[_who(program.submitted_by), _when(program.submitted_at)],
        agreed=[_who(program.agreed_by), _when(program.agreed_at)],
        acknowledged=[_who(program.acknowledged_by), _when(program.acknowledged_at)],
        activities=[
            {
                "block": a.block,
                "content": a.content,
                "deadline": a.deadline.isoformat(),
                "planned_result": a.planned_result,
                "format": a.get_format_display(),
            }
            for a in program.activities.order_by("order", "pk")
        ],
    )
    return data


def _keep_version(program: Program, by: User) -> None:
    """A change after the head agreed: keep the agreed program as a version; the new one is a draft
    to be signed and agreed again."""
    if program.status not in AGREED_STATUSES:
        return
    ProgramVersion.objects.create(program=program, number=program.version, snapshot=snapshot(program), by=by)
    program.version += 1
    program.status = ProgramStatus.DRAFT
    program.submitted_by = program.agreed_by = program.acknowledged_by = None
    program.submitted_at = program.agreed_at = program.acknowledged_at = None
    program.save(
        update_fields=[
            "version",
            "status",
            "submitted_by",
            "submitted_at",
            "agreed_by",
            "agreed_at",
            "acknowledged_by",
            "acknowledged_at",
        ]
    )


# --- Creating and editing -------------------------------------------------------------------------------


def goal_choices(mentorship: Mentorship) -> QuerySet[Difficulty]:
    """The difficulties a program may aim at: the pair's and its mentees' recorded ones."""
    mentees = mentorship.participants.current().filter(role=ParticipantRole.MENTEE).values("person")
    links = Mentee.difficulties.through.objects.filter(mentee__person__in=mentees).values("difficulty")
    return Difficulty.objects.filter(Q(pk__in=links) | Q(mentorships=mentorship)).distinct()


def _spread(starts_on: date, ends_on: date, count: int) -> list[date]:
    """``count`` deadlines evenly over the period, the last on its end."""
    span = (ends_on - starts_on).days
    return [starts_on + timedelta(days=span * (i + 1) // count) for i in range(count)]


def _plan_of(template: ProgramTemplate) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """The blocks of a template and its activities as (block, content): a block with its own lines gives
    them; a block without lines and without parts gives one activity named as the block."""
    sections = list(template.sections.all())
    parents = {s.parent for s in sections if s.parent}
    blocks = [{"code": s.code, "title": s.title, "parent": s.parent} for s in sections]
    activities: list[tuple[str, str]] = []
    for section in sections:
        lines = section.activity_lines()
        if lines:
            activities += [(section.code, line) for line in lines]
        elif section.code not in parents:
            activities.append((section.code, section.title))
    return blocks, activities


@transaction.atomic
def program_create_from_template(
    *,
    mentorship: Mentorship,
    template: ProgramTemplate,
    by: User | None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Program:
    """A draft program for the pair: the template's blocks and activities with deadlines spread over the
    period (by default the pair's dates, at most a year), the goals from the pair's difficulties or else
    the mentees' recorded ones."""
    mentorship = Mentorship.objects.select_for_update().select_related("organization").get(pk=mentorship.pk)
    if Program.objects.filter(mentorship=mentorship).exists():
        raise ValidationError("У этой пары уже есть программа.")
    if mentorship.status not in OPEN_STATUSES:
        raise ValidationError("Пара закрыта: новую программу для неё составить нельзя.")
    if by is not None:  # None: the demo and the factory
        _require_editor(mentorship, by)
    starts_on = starts_on or mentorship.started_on
    ends_on = ends_on or min(mentorship.planned_end_on, add_months(starts_on, 12))
    error = period_error(starts_on, ends_on)
    if error:
        raise ValidationError({"ends_on": error})
    blocks, plan = _plan_of(template)
    if not plan:
        raise ValidationError({"template": "В шаблоне нет ни одного блока мероприятий."})
    pair_goals = list(mentorship.difficulties.all())
    goals = pair_goals or list(goal_choices(mentorship))
    mentees = mentorship.participants.current().filter(role=ParticipantRole.MENTEE).count()
    program = Program.objects.create(
        mentorship=mentorship,
        template=template,
        blocks=blocks,
        basis=f"Приказ № {mentorship.order_number} от {mentorship.order_date:%d.%m.%Y}"
        if mentorship.order_date
        else "",
        goal=("Преодоление профессиональных затруднений: " + "; ".join(d.name for d in goals) + ".") if goals else "",
        starts_on=starts_on,
        ends_on=ends_on,
        interaction=Interaction.GROUP if mentees > 1 else Interaction.INDIVIDUAL,
        created_by=by,
    )
    program.difficulties.set(goals)
    deadlines = _spread(starts_on, ends_on, len(plan))
    Activity.objects.bulk_create(
        Activity(program=program, block=block, order=order, content=content, deadline=deadline)
        for order, ((block, content), deadline) in enumerate(zip(plan, deadlines, strict=True), start=1)
    )
    return program


@transaction.atomic
def program_update(
    *, program: Program, fields: dict[str, Any], difficulties: list[Difficulty] | None, by: User
) -> Program:
    """Change the text, period or goals; after agreement the agreed program is kept as a version."""
    program = _lock(program)
    _require_editor(program, by)
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValueError(f"not program fields: {sorted(unknown)}")
    starts_on = fields.get("starts_on", program.starts_on)
    ends_on = fields.get("ends_on", program.ends_on)
    error = period_error(starts_on, ends_on)
    if error:
        raise ValidationError({"ends_on": error})
    outside = program.activities.filter(Q(deadline__lt=starts_on) | Q(deadline__gt=ends_on)).count()
    if outside:
        raise ValidationError(
            {
                "ends_on": f"Сроки {outside} {plural(outside, 'мероприятия', 'мероприятий', 'мероприятий')} "
                "выходят за период реализации: сначала измените их."
            }
        )
    if difficulties is not None:
        allowed = set(goal_choices(program.mentorship).values_list("pk", flat=True))
        if any(d.pk not in allowed for d in difficulties):
            raise ValidationError({"difficulties": "Цели программы выбираются из затруднений наставляемого и пары."})
    changed = [name for name, value in fields.items() if getattr(program, name) != value]
    goals_changed = difficulties is not None and {d.pk for d in difficulties} != set(
        program.difficulties.values_list("pk", flat=True)
    )
    if not changed and not goals_changed:
        return program
    _keep_version(program, by)
    for name in changed:
        setattr(program, name, fields[name])
    program.save(update_fields=changed)
    if goals_changed:
        program.difficulties.set(difficulties or [])
    return program


def _check_activity(program: Program, fields: dict[str, Any]) -> None:
    if fields.get("block") not in {block["code"] for block in program.blocks}:
        raise ValidationError({"block": "Выберите блок из плана программы."})
    if not str(fields.get("content", "")).strip():
        raise ValidationError({"content": "Опишите мероприятие."})
    deadline = fields.get("deadline")
    if deadline is None or not program.starts_on <= deadline <= program.ends_on:
        raise ValidationError(
            {
                "deadline": f"Срок исполнения — в период реализации программы: "
                f"с {program.starts_on:%d.%m.%Y} по {program.ends_on:%d.%m.%Y}."
            }
        )
    if fields.get("format", ActivityFormat.IN_PERSON) not in ActivityFormat.values:
        raise ValidationError({"format": "Выберите формат: очный или дистанционный."})
    difficulty = fields.get("difficulty")
    if difficulty is not None and not program.difficulties.filter(pk=difficulty.pk).exists():
        raise ValidationError({"difficulty": "Затруднение мероприятия выбирается из целей программы."})


@transaction.atomic
def activity_add(*, program: Program, fields: dict[str, Any], by: User) -> Activity:
    program = _lock(program)
    _require_editor(program, by)
    _check_activity(program, fields)
    _keep_version(program, by)
    last = program.activities.aggregate(last=Max("order"))["last"] or 0
    return Activity.objects.create(
        program=program, order=last + 1, **{k: fields[k] for k in fields if k in ACTIVITY_FIELDS}
    )


@transaction.atomic
def activity_update(*, activity: Activity, fields: dict[str, Any], by: User) -> Activity:
    program = _lock(activity.program)
    _require_editor(program, by)
    _check_activity(program, {**{name: getattr(activity, name) for name in ACTIVITY_FIELDS}, **fields})
    changed = [name for name in ACTIVITY_FIELDS if name in fields and fields[name] != getattr(activity, name)]
    if not changed:
        return activity
    _keep_version(program, by)
    for name in changed:
        setattr(activity, name, fields[name])
    activity.save(update_fields=changed)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    """Leave an activity out of the plan (whole blocks may be left out, seed 004); a marked one stays."""
    program = _lock(activity.program)
    _require_editor(program, by)
    if activity.status != ActivityStatus.PLANNED:
        raise ValidationError("Мероприятие уже отмечено: убрать его из плана нельзя.")
    _keep_version(program, by)
    activity.delete()


def check_evidence(upload: UploadedFile) -> None:
    """Size, type by content, and for office documents the declared unpacked size."""
    limit = settings.UPLOAD_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError({"evidence_file": f"Файл больше {limit // (1024 * 1024)} МБ."})
    head = upload.read(8)
    upload.seek(0)
    kind = next((name for magic, name in EVIDENCE_TYPES.items() if head.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"evidence_file": EVIDENCE_RULE})
    if head.startswith(b"PK"):
        data = upload.read()
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise ValidationError({"evidence_file": "Файл повреждён: откройте его и сохраните заново."}) from None
        if not names & set(OFFICE_PARTS):
            raise ValidationError({"evidence_file": EVIDENCE_RULE})
        if unpacked > settings.XLSX_MAX_UNPACKED_BYTES:
            raise ValidationError({"evidence_file": "Документ слишком большой в распакованном виде."})


@transaction.atomic
def activity_mark(
    *,
    activity: Activity,
    done: bool,
    actual_result: str,
    by: User,
    done_on: date | None = None,
    evidence_note: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_link: str = "",
) -> Activity:
    """The mentor or mentee of the pair (or a curator in scope) marks an activity done or not done,
    with the actual result and its evidence."""
    program = _lock(activity.program)
    if not _roles_in(program.mentorship, by) and not access.may_write(by, program):
        raise ValidationError("Отмечать выполнение могут участники пары, куратор и руководитель организации.")
    if not actual_result.strip():
        what = "фактический результат" if done else "почему мероприятие не выполнено"
        raise ValidationError({"actual_result": f"Напишите {what}."})
    today = timezone.localdate()
    if done:
        done_on = done_on or today
        if done_on > today:
            raise ValidationError({"done_on": "Дата выполнения не может быть в будущем."})
        if done_on < program.starts_on:
            raise ValidationError({"done_on": "Дата выполнения раньше начала реализации программы."})
    if evidence_file is not None:
        check_evidence(evidence_file)
        activity.evidence_file = evidence_file  # type: ignore[assignment]
    activity.status = ActivityStatus.DONE if done else ActivityStatus.NOT_DONE
    activity.done_on = done_on if done else None
    activity.actual_result = actual_result.strip()
    activity.evidence_note = evidence_note.strip()
    activity.evidence_link = evidence_link.strip()
    activity.marked_by = by
    activity.marked_at = timezone.now()
    activity.save()
    return activity


# --- Signatures: «Наставник», «Согласовано», «Ознакомлен» -----------------------------------------------


@transaction.atomic
def program_submit(*, program: Program, by: User) -> Program:
    """The mentor signs the program and sends it to the head."""
    program = _lock(program)
    if program.status != ProgramStatus.DRAFT:
        raise ValidationError(
            f"Подписать и направить на согласование можно только черновик (статус программы: "
            f"«{program.get_status_display()}»)."
        )
    if ParticipantRole.MENTOR not in _roles_in(program.mentorship, by):
        raise ValidationError("Подписывает программу и направляет её на согласование наставник пары.")
    if not program.goal.strip():
        raise ValidationError({"goal": "Заполните цель программы."})
    if not program.difficulties.exists():
        raise ValidationError({"difficulties": "Укажите, на преодоление каких затруднений направлена программа."})
    if not program.activities.exists():
        raise ValidationError("В плане программы нет ни одного мероприятия.")
    program.status = ProgramStatus.SUBMITTED
    program.submitted_by, program.submitted_at = by, timezone.now()
    program.save(update_fields=["status", "submitted_by", "submitted_at"])
    return program


@transaction.atomic
def program_agree(*, program: Program, by: User) -> Program:
    """«Согласовано»: the head of the organization (or a coordinator, an admin)."""
    program = _lock(program)
    if program.status != ProgramStatus.SUBMITTED:
        raise ValidationError("Согласовать можно программу, которую наставник направил на согласование.")
    if not may_agree(by, program):
        raise ValidationError("Согласует программу руководитель организации.")
    program.status = ProgramStatus.AGREED
    program.agreed_by, program.agreed_at = by, timezone.now()
    program.save(update_fields=["status", "agreed_by", "agreed_at"])
    return program


@transaction.atomic
def program_acknowledge(*, program: Program, by: User) -> Program:
    """«Ознакомлен»: the mentee has read the agreed program; it is in force."""
    program = _lock(program)
    if program.status != ProgramStatus.AGREED:
        raise ValidationError("Ознакомиться можно с программой, которую согласовал руководитель.")
    if ParticipantRole.MENTEE not in _roles_in(program.mentorship, by):
        raise ValidationError("С программой знакомится наставляемый этой пары.")
    program.status = ProgramStatus.ACKNOWLEDGED
    program.acknowledged_by, program.acknowledged_at = by, timezone.now()
    program.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    return program


# --- Completion and the program bank --------------------------------------------------------------------


@transaction.atomic
def program_complete(*, program: Program, outcome: str, overcome: list[Difficulty], by: User) -> Program:
    """The outcome and the difficulties overcome; an active pair is completed with its program."""
    program = _lock(program)
    _require_editor(program, by)
    if program.status != ProgramStatus.ACKNOWLEDGED:
        raise ValidationError("Завершить можно утверждённую программу, с которой ознакомлен наставляемый.")
    if not outcome.strip():
        raise ValidationError({"outcome": "Напишите итоги программы."})
    goals = set(program.difficulties.values_list("pk", flat=True))
    if any(d.pk not in goals for d in overcome):
        raise ValidationError({"overcome": "Преодолённые затруднения выбираются из целей программы."})
    planned = program.activities.filter(status=ActivityStatus.PLANNED).count()
    if planned:
        raise ValidationError(
            f"Отметьте выполнение всех мероприятий: не {plural(planned, 'отмечено', 'отмечены', 'отмечено')} "
            f"{planned} {plural(planned, 'мероприятие', 'мероприятия', 'мероприятий')}."
        )
    program.status = ProgramStatus.COMPLETED
    program.outcome = outcome.strip()
    program.completed_by, program.completed_at = by, timezone.now()
    program.save(update_fields=["status", "outcome", "completed_by", "completed_at"])
    program.overcome_difficulties.set(overcome)
    if program.mentorship.status == MentorshipStatus.ACTIVE:
        mentoring_services.mentorship_transition(
            mentorship=program.mentorship,
            to=MentorshipStatus.COMPLETED,
            by=by,
            on=timezone.localdate(),
            note="Завершена персонализированная программа",
        )
    return program


@transaction.atomic
def program_offer_to_bank(*, program: Program, by: User) -> Program:
    """A completed program is offered to the program bank (the practices app moderates it)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != ProgramStatus.COMPLETED:
        raise ValidationError("В банк программ предлагается завершённая программа.")
    if program.offered_to_bank_at is not None:
        raise ValidationError("Программа уже предложена в банк программ.")
    if not access.may_write(by, program):
        raise ValidationError("Предложить программу в банк может куратор или руководитель организации.")
    program.offered_to_bank_at = timezone.now()
    program.save(update_fields=["offered_to_bank_at"])
    return program


# --- Templates ------------------------------------------------------------------------------------------


@transaction.atomic
def template_copy(*, source: ProgramTemplate, municipality: Municipality | None, by: User) -> ProgramTemplate:
    """A municipality's own template, starting from another one."""
    template = ProgramTemplate.objects.create(
        name=f"{source.name} (копия)"[:300], municipality=municipality, notes=source.notes
    )
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template, code=s.code, title=s.title, parent=s.parent, order=s.order, activities=s.activities
        )
        for s in source.sections.all()
    )
    return template


@transaction.atomic
def template_update(
    *, template: ProgramTemplate, fields: dict[str, Any], sections: list[dict[str, Any]], by: User
) -> ProgramTemplate:
    """The template's name, notes and blocks, all replaced at once; one default per municipality."""
    if not str(fields.get("name", "")).strip():
        raise ValidationError({"name": "Укажите название шаблона."})
    if not sections:
        raise ValidationError("В шаблоне нужен хотя бы один блок.")
    codes = [str(s["code"]).strip() for s in sections]
    if any(not code for code in codes):
        raise ValidationError("У каждого блока нужен номер.")
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise ValidationError(f"Номер блока «{repeated[0]}» повторяется.")
    for section in sections:
        parent = str(section.get("parent", "")).strip()
        if parent and (parent not in codes or parent == section["code"]):
            raise ValidationError(f"Блок «{section['code']}» входит в блок «{parent}», которого нет в шаблоне.")
    for name, value in fields.items():
        setattr(template, name, value)
    template.save()
    if template.is_default:
        ProgramTemplate.objects.filter(municipality=template.municipality, is_default=True).exclude(
            pk=template.pk
        ).update(is_default=False)
    template.sections.all().delete()
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template,
            code=str(s["code"]).strip(),
            title=str(s["title"]).strip(),
            parent=str(s.get("parent", "")).strip(),
            activities=str(s.get("activities", "")).strip(),
            order=order,
        )
        for order, s in enumerate(sections, start=1)
    )
    return template
