"""What each generated document says, built from the data (STYLE «Documents and reports»): frozen
dataclasses with ``from_<obj>()``, Russian sentences with the names declined, tested without rendering.

A context becomes the docxtpl context through ``as_template_data``; a municipality's own template uses
the same names (``header.number``, ``points``, ``pairs``, ``rows``…), listed on the templates page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from nastavnik.accounts.models import Role, User
from nastavnik.documents.models import DocumentKind
from nastavnik.lib.declension import Case
from nastavnik.mentoring.models import MenteeCategory, Mentor, Mentorship, Participant, ParticipantRole
from nastavnik.orgs.models import Organization
from nastavnik.people.models import Gender, Person
from nastavnik.programs.models import Program, ProgramStatus

BLANK = "__________"
DATE_BLANK = "«____» ____________ 20___ г."
CONSENT_BASIS = (
    "статья 351.8 Трудового кодекса Российской Федерации: письменное согласие участников на возложение "
    "дополнительных обязанностей, связанных с наставнической деятельностью"
)


def short_date(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else BLANK


def signature_name(full_name: str) -> str:
    """«Кравченко Наталья Григорьевна» → «Н. Г. Кравченко», as under a signature."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return " ".join([*(f"{part[0]}." for part in parts[1:]), parts[0]])


def order_title(label: str) -> str:
    """«приказ о назначении куратора» → «О назначении куратора», the heading of the order."""
    title = label.removeprefix("приказ ").strip()
    return title[:1].upper() + title[1:]


def _join(names: Sequence[str]) -> str:
    """«А», «А и Б», «А, Б и В»."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} и {names[-1]}"


def _with_position(name: str, person: Person) -> str:
    return f"{name} ({person.position})" if person.position else name


def as_template_data(context: Any) -> dict[str, Any]:
    return asdict(context)


@dataclass(frozen=True)
class Point:
    """A numbered point of an order: «1.», «1.1.»."""

    number: str
    text: str


@dataclass(frozen=True)
class OrderHeader:
    organization: str
    organization_short: str
    municipality: str
    title: str
    number: str
    date: str
    signatory_position: str
    signatory_name: str

    @classmethod
    def from_organization(cls, organization: Organization, *, title: str, number: str, on: dt.date) -> OrderHeader:
        return cls(
            organization=organization.name,
            organization_short=organization.short_name,
            municipality=organization.municipality.name,
            title=order_title(title),
            number=number or BLANK,
            date=short_date(on),
            signatory_position=(organization.head_position or "Руководитель").capitalize(),
            signatory_name=signature_name(organization.head_name) if organization.head_name else BLANK,
        )


@dataclass(frozen=True)
class OrderContext:
    """Every order: the header, the preamble ending in «приказываю:», the points, who acquaints."""

    header: OrderHeader
    preamble: str
    points: tuple[Point, ...]
    acquainted: tuple[str, ...]


# --- Приказ о закреплении наставнических пар (групп) -----------------------------------------------------


@dataclass(frozen=True)
class PairLine:
    mentors: str
    mentors_instrumental: str
    mentors_accusative: str
    mentees: str
    mentees_accusative: str
    is_group: bool
    starts_on: str
    ends_on: str
    consents: str
    text: str


def _mentee_label(person: Person) -> str:
    mentee = getattr(person, "mentee", None)
    category = mentee.category if mentee is not None else ""
    if category == MenteeCategory.YOUNG:
        return "молодого специалиста"
    if category == MenteeCategory.STUDENT:
        return "стажёра (студента)"
    return "педагога"


def _consent_note(mentors: list[Participant], mentees: list[Participant]) -> str:
    def dates(participants: list[Participant]) -> str:
        return ", ".join(short_date(p.duties_consent_on) for p in participants)

    mentor_word = "наставников" if len(mentors) > 1 else "наставника"
    mentee_word = "наставляемых" if len(mentees) > 1 else "наставляемого"
    return f"письменное согласие {mentor_word} от {dates(mentors)}, {mentee_word} от {dates(mentees)}"


def pair_line(mentorship: Mentorship, participants: list[Participant]) -> PairLine:
    mentors = [p for p in participants if p.role == ParticipantRole.MENTOR]
    mentees = [p for p in participants if p.role == ParticipantRole.MENTEE]
    mentors_instr = [_with_position(p.person.declined(Case.INSTRUMENTAL), p.person) for p in mentors]
    mentors_acc = [_with_position(p.person.declined(Case.ACCUSATIVE), p.person) for p in mentors]
    mentees_acc = [
        _with_position(f"{_mentee_label(p.person)} {p.person.declined(Case.ACCUSATIVE)}", p.person) for p in mentees
    ]
    starts_on, ends_on = short_date(mentorship.started_on), short_date(mentorship.planned_end_on)
    period = f"на период с {starts_on} по {ends_on}"
    consents = _consent_note(mentors, mentees)
    is_group = len(mentees) > 1
    if is_group:
        if len(mentors) > 1:
            whom = "наставниками"
            them = "ними"
        else:
            whom = "наставником"
            them = "ней" if mentors and mentors[0].person.gender == Gender.FEMALE else "ним"
        text = (
            f"Назначить {whom} {_join(mentors_acc)}, закрепив за {them} группу наставляемых: "
            f"{'; '.join(mentees_acc)}, {period} ({consents})."
        )
    else:
        whom = "наставниками" if len(mentors) > 1 else "наставником"
        text = f"Закрепить за {whom} {_join(mentors_instr)} {_join(mentees_acc)} {period} ({consents})."
    return PairLine(
        mentors=_join([p.person.full_name for p in mentors]),
        mentors_instrumental=_join(mentors_instr),
        mentors_accusative=_join(mentors_acc),
        mentees=_join([p.person.full_name for p in mentees]),
        mentees_accusative="; ".join(mentees_acc),
        is_group=is_group,
        starts_on=starts_on,
        ends_on=ends_on,
        consents=consents,
        text=text,
    )


def pairs_with_participants(pks: Iterable[int]) -> list[Mentorship]:
    """The pairs with their current participants (and the mentee records) in three queries."""
    current = Participant.objects.current().select_related("person__mentee").order_by("-role", "person__search_key")
    return list(
        Mentorship.objects.filter(pk__in=list(pks))
        .select_related("organization__municipality")
        .prefetch_related(Prefetch("participants", queryset=current, to_attr="current_participants"))
        .order_by("started_on", "pk")
    )


def missing_consents(pairs: Iterable[Mentorship]) -> list[str]:
    """«Кравченко Н. Г.» for each participant of the pairs without a recorded written consent."""
    return [
        p.person.short_name
        for pair in pairs
        for p in pair.current_participants  # type: ignore[attr-defined]
        if p.duties_consent_on is None
    ]


@dataclass(frozen=True)
class PairsOrderContext(OrderContext):
    pairs: tuple[PairLine, ...]

    @classmethod
    def from_mentorships(
        cls, mentorships: Sequence[Mentorship], *, organization: Organization, number: str, on: date
    ) -> PairsOrderContext:
        pairs = tuple(pair_line(m, m.current_participants) for m in mentorships)  # type: ignore[attr-defined]
        people = {
            p.person.pk: signature_name(p.person.full_name)
            for m in mentorships
            for p in m.current_participants  # type: ignore[attr-defined]
        }
        points = (
            Point("1.", "Закрепить наставнические пары (группы):"),
            *(Point(f"1.{index}.", line.text) for index, line in enumerate(pairs, start=1)),
            Point(
                "2.",
                "Наставникам в течение месяца со дня издания приказа разработать персонализированные программы "
                "наставничества и представить их на согласование руководителю.",
            ),
            Point(
                "3.",
                "Куратору внедрения системы наставничества обеспечить организационно-методическое сопровождение "
                "наставнических пар (групп) и мониторинг реализации персонализированных программ.",
            ),
            Point("4.", "Контроль за исполнением настоящего приказа оставляю за собой."),
        )
        return cls(
            header=OrderHeader.from_organization(
                organization, title=str(DocumentKind.ORDER_PAIRS.label), number=number, on=on
            ),
            preamble=(
                f"В соответствии с Положением о системе (целевой модели) наставничества педагогических работников "
                f"{organization.short_name}, на основании письменного согласия участников наставнических пар (групп) "
                f"на возложение на них дополнительных обязанностей, связанных с наставнической деятельностью "
                f"(статья 351.8 Трудового кодекса Российской Федерации),"
            ),
            points=points,
            acquainted=tuple(people.values()),
            pairs=pairs,
        )


# --- Other orders ---------------------------------------------------------------------------------------


def curator_of(organization: Organization) -> Person | None:
    """The person of the organization's curator (a user with the curator role there), when recorded."""
    user = User.objects.filter(memberships__role=Role.CURATOR, memberships__organization=organization).first()
    return getattr(user, "person", None) if user is not None else None


def model_order(organization: Organization, *, number: str, on: date) -> OrderContext:
    short = organization.short_name
    return OrderContext(
        header=OrderHeader.from_organization(
            organization, title=str(DocumentKind.ORDER_MODEL.label), number=number, on=on
        ),
        preamble=(
            "В соответствии со статьёй 47 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской "
            "Федерации», распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145, "
            f"в целях внедрения системы (целевой модели) наставничества педагогических работников {short}"
        ),
        points=(
            Point("1.", f"Внедрить систему (целевую модель) наставничества педагогических работников в {short}."),
            Point(
                "2.", f"Утвердить Положение о системе наставничества педагогических работников {short} (приложение 1)."
            ),
            Point(
                "3.",
                "Утвердить дорожную карту (план мероприятий) по реализации Положения о системе наставничества "
                f"педагогических работников {short} (приложение 2).",
            ),
            Point("4.", "Разместить настоящий приказ на официальном сайте в разделе «Наставничество»."),
            Point("5.", "Контроль за исполнением настоящего приказа оставляю за собой."),
        ),
        acquainted=(),
    )


def curator_order(organization: Organization, curator: Person | None, *, number: str, on: date) -> OrderContext:
    who = _with_position(curator.declined(Case.ACCUSATIVE), curator) if curator else BLANK
    return OrderContext(
        header=OrderHeader.from_organization(
            organization, title=str(DocumentKind.ORDER_CURATOR.label), number=number, on=on
        ),
        preamble=(
            f"В соответствии с Положением о системе (целевой модели) наставничества педагогических работников "
            f"{organization.short_name}, в целях организационного сопровождения наставнической деятельности"
        ),
        points=(
            Point(
                "1.",
                f"Назначить куратором внедрения системы (целевой модели) наставничества педагогических работников "
                f"{organization.short_name} {who}.",
            ),
            Point(
                "2.",
                "Куратору формировать банки наставников и наставляемых, проекты приказов о закреплении "
                "наставнических пар (групп), вести мониторинг реализации персонализированных программ наставничества.",
            ),
            Point("3.", "Контроль за исполнением настоящего приказа оставляю за собой."),
        ),
        acquainted=(signature_name(curator.full_name),) if curator else (),
    )


def _program_line(program: Program, participants: list[Participant]) -> str:
    mentors = _join([p.person.full_name for p in participants if p.role == ParticipantRole.MENTOR])
    mentees = _join([p.person.declined(Case.GENITIVE) for p in participants if p.role == ParticipantRole.MENTEE])
    return (
        f"персонализированную программу наставничества {mentees} (наставник — {mentors}) "
        f"на период с {short_date(program.starts_on)} по {short_date(program.ends_on)}"
    )


def programs_with_participants(pks: Iterable[int]) -> list[Program]:
    current = Participant.objects.current().select_related("person").order_by("role", "person__search_key")
    return list(
        Program.objects.filter(pk__in=list(pks))
        .select_related("mentorship__organization__municipality")
        .prefetch_related(
            Prefetch("mentorship__participants", queryset=current, to_attr="current_participants"),
            "overcome_difficulties",
        )
        .order_by("starts_on", "pk")
    )


def programs_order(organization: Organization, programs: Sequence[Program], *, number: str, on: date) -> OrderContext:
    lines = [_program_line(p, p.mentorship.current_participants) for p in programs]  # type: ignore[attr-defined]
    return OrderContext(
        header=OrderHeader.from_organization(
            organization, title=str(DocumentKind.ORDER_PROGRAMS.label), number=number, on=on
        ),
        preamble=(
            f"В соответствии с Положением о системе (целевой модели) наставничества педагогических работников "
            f"{organization.short_name}, по согласованию с руководителем и с ознакомлением наставляемых"
        ),
        points=(
            Point("1.", "Утвердить персонализированные программы наставничества:"),
            *(Point(f"1.{i}.", f"{line[0].upper()}{line[1:]}.") for i, line in enumerate(lines, start=1)),
            Point("2.", "Наставникам обеспечить реализацию программ в установленные сроки."),
            Point("3.", "Контроль за исполнением настоящего приказа оставляю за собой."),
        ),
        acquainted=(),
    )


def completion_order(organization: Organization, programs: Sequence[Program], *, number: str, on: date) -> OrderContext:
    lines = [_program_line(p, p.mentorship.current_participants) for p in programs]  # type: ignore[attr-defined]
    mentors: dict[int, str] = {}
    for program in programs:
        for p in program.mentorship.current_participants:  # type: ignore[attr-defined]
            if p.role == ParticipantRole.MENTOR:
                mentors[p.person.pk] = _with_position(p.person.declined(Case.DATIVE), p.person)
    return OrderContext(
        header=OrderHeader.from_organization(
            organization, title=str(DocumentKind.ORDER_COMPLETION.label), number=number, on=on
        ),
        preamble=(
            f"В соответствии с Положением о системе (целевой модели) наставничества педагогических работников "
            f"{organization.short_name}, по итогам реализации персонализированных программ наставничества"
        ),
        points=(
            Point("1.", "Считать завершённой реализацию персонализированных программ наставничества:"),
            *(Point(f"1.{i}.", f"{line[0].upper()}{line[1:]}.") for i, line in enumerate(lines, start=1)),
            Point(
                "2.",
                f"Объявить благодарность за качественную наставническую деятельность: {'; '.join(mentors.values())}.",
            ),
            Point("3.", "Контроль за исполнением настоящего приказа оставляю за собой."),
        ),
        acquainted=tuple(signature_name(name.split(" (")[0]) for name in mentors.values()),
    )


# --- Персонализированная программа (seed 004, Приложение № 2) --------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """A row of «План мероприятий»: a block row (``is_block``) or an activity numbered within its block."""

    is_block: bool
    number: str
    content: str
    deadline: str
    result: str
    format: str


@dataclass(frozen=True)
class Signature:
    name: str
    date: str


@dataclass(frozen=True)
class ProgramContext:
    organization: str
    mentor: str
    mentee: str
    basis: str
    relevance: str
    goal: str
    tasks: str
    period: str
    interaction: str
    interim_results: str
    planned_results: str
    schedule: str
    mode: str
    conditions: str
    rows: tuple[PlanRow, ...]
    mentor_signature: Signature
    agreed_signature: Signature
    acknowledged_signature: Signature

    @classmethod
    def from_program(cls, program: Program) -> ProgramContext:
        pair = program.mentorship
        participants = list(pair.participants.current().select_related("person").order_by("role", "pk"))
        mentors = [p.person for p in participants if p.role == ParticipantRole.MENTOR]
        mentees = [p.person for p in participants if p.role == ParticipantRole.MENTEE]
        organization = pair.organization
        basis = program.basis or (
            f"приказ {organization.short_name} от {short_date(pair.order_date)} № {pair.order_number} "
            f"«О закреплении наставнических пар (групп)»"
            if pair.order_number
            else BLANK
        )
        return cls(
            organization=organization.name,
            mentor="; ".join(_person_with_position(p) for p in mentors),
            mentee="; ".join(_person_with_position(p) for p in mentees),
            basis=basis,
            relevance=program.relevance or BLANK,
            goal=program.goal or BLANK,
            tasks=program.tasks or BLANK,
            period=f"с {short_date(program.starts_on)} по {short_date(program.ends_on)}",
            interaction=program.get_interaction_display(),
            interim_results=program.interim_results or BLANK,
            planned_results=program.planned_results or BLANK,
            schedule=program.schedule or BLANK,
            mode=program.get_mode_display(),
            conditions=program.conditions or BLANK,
            rows=plan_rows(program),
            mentor_signature=_signed(program.submitted_by, program.submitted_at, [p.full_name for p in mentors]),
            agreed_signature=_signed(
                program.agreed_by,
                program.agreed_at,
                [f"{organization.head_position} {organization.head_name}".strip()] if organization.head_name else [],
            ),
            acknowledged_signature=_signed(
                program.acknowledged_by, program.acknowledged_at, [p.full_name for p in mentees]
            ),
        )


def _person_with_position(person: Person) -> str:
    return f"{person.position}, {person.full_name}" if person.position else person.full_name


def _signed(user: User | None, at: Any, fallback: list[str]) -> Signature:
    if user is not None and at is not None:
        person = getattr(user, "person", None)
        return Signature(name=person.full_name if person else user.full_name or user.username, date=long_day(at))
    return Signature(name="; ".join(fallback) or BLANK, date=DATE_BLANK)


def long_day(at: Any) -> str:
    from django.utils import timezone

    from nastavnik.lib.dates import long_date

    day = timezone.localtime(at).date() if hasattr(at, "tzinfo") and hasattr(at, "hour") else at
    return long_date(day)


def plan_rows(program: Program) -> tuple[PlanRow, ...]:
    """The blocks in their order, each followed by its activities numbered 1., 2., …; a block with parts
    (IV: 4.1–4.6) comes as its own row, then its parts."""
    activities: dict[str, list[Any]] = {}
    for activity in program.activities.order_by("order", "pk"):
        activities.setdefault(activity.block, []).append(activity)
    rows: list[PlanRow] = []
    for block in program.blocks:
        code, title, parent = block["code"], block["title"], block.get("parent", "")
        label = f"{code}." if parent else f"Блок {code}. {title}"
        rows.append(PlanRow(True, label if parent else "", title if parent else label, "", "", ""))
        for index, activity in enumerate(activities.pop(code, []), start=1):
            rows.append(
                PlanRow(
                    False,
                    f"{index}.",
                    activity.content,
                    short_date(activity.deadline),
                    activity.planned_result,
                    activity.get_format_display(),
                )
            )
    for code, rest in activities.items():  # activities of a block no longer in the plan
        rows.append(PlanRow(True, "", f"Блок {code}", "", "", ""))
        rows.extend(
            PlanRow(False, f"{i}.", a.content, short_date(a.deadline), a.planned_result, a.get_format_display())
            for i, a in enumerate(rest, start=1)
        )
    return tuple(rows)


# --- Справка о наставнической деятельности --------------------------------------------------------------


@dataclass(frozen=True)
class CertificateRow:
    number: str
    mentees: str
    period: str
    order: str
    program: str
    outcome: str


@dataclass(frozen=True)
class CertificateContext:
    organization: str
    municipality: str
    date: str
    mentor_dative: str
    mentor: str
    position: str
    verb: str
    pairs_count: int
    programs_completed: int
    rows: tuple[CertificateRow, ...]
    signatory_position: str
    signatory_name: str

    @classmethod
    def from_mentor(cls, mentor: Mentor, *, on: dt.date) -> CertificateContext:
        person = mentor.person
        organization = person.organization
        current = Participant.objects.select_related("person").order_by("role", "person__search_key")
        pairs = list(
            Mentorship.objects.filter(participants__person=person, participants__role=ParticipantRole.MENTOR)
            .select_related("program")
            .prefetch_related(Prefetch("participants", queryset=current, to_attr="all_participants"))
            .order_by("started_on", "pk")
            .distinct()
        )
        rows = []
        completed = 0
        for index, pair in enumerate(pairs, start=1):
            program: Program | None = getattr(pair, "program", None)
            if program is not None and program.status == ProgramStatus.COMPLETED:
                completed += 1
            mentees = [p.person.full_name for p in pair.all_participants if p.role == ParticipantRole.MENTEE]  # type: ignore[attr-defined]
            end = pair.ended_on or pair.planned_end_on
            rows.append(
                CertificateRow(
                    number=f"{index}.",
                    mentees=", ".join(mentees),
                    period=f"{short_date(pair.started_on)} – {short_date(end)}",
                    order=f"№ {pair.order_number} от {short_date(pair.order_date)}" if pair.order_number else "—",
                    program=program.get_status_display() if program else "не составлена",
                    outcome=(program.outcome if program and program.outcome else pair.get_status_display()),
                )
            )
        return cls(
            organization=organization.name,
            municipality=organization.municipality.name,
            date=short_date(on),
            mentor_dative=person.declined(Case.DATIVE),
            mentor=person.full_name,
            position=person.position,
            verb="осуществляла" if person.gender == Gender.FEMALE else "осуществлял",
            pairs_count=len(pairs),
            programs_completed=completed,
            rows=tuple(rows),
            signatory_position=(organization.head_position or "Руководитель").capitalize(),
            signatory_name=signature_name(organization.head_name) if organization.head_name else BLANK,
        )
