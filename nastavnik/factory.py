"""Plain factories for tests, the demo and the benchmark: ``make_person(**overrides)``."""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, Any

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.mentoring.models import (
    Mentee,
    MenteeCategory,
    Mentor,
    Mentorship,
    MentorshipKind,
    MentorStatus,
    Pairing,
)
from nastavnik.orgs.models import Municipality, Organization, Region
from nastavnik.people.models import Consent, ConsentKind, Gender, Person

if TYPE_CHECKING:
    from nastavnik.programs.models import Activity, Program

_seq = itertools.count(1)


def letters(number: int) -> str:
    """12 → «бв»: a unique letters-only part of a name (names with digits are refused, as in real data)."""
    return "".join("абвгдежзик"[int(digit)] for digit in str(number))


def make_region(**overrides: Any) -> Region:
    return Region.objects.create(**{"name": f"Регион {next(_seq)}", **overrides})


def make_municipality(**overrides: Any) -> Municipality:
    if "region" not in overrides:
        overrides["region"] = make_region()
    return Municipality.objects.create(**{"name": f"Муниципалитет {next(_seq)}", **overrides})


def make_organization(**overrides: Any) -> Organization:
    if "municipality" not in overrides:
        overrides["municipality"] = make_municipality()
    n = next(_seq)
    return Organization.objects.create(
        **{
            "name": f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»",
            "short_name": f"Школа № {n}",
            **overrides,
        }
    )


def make_user(
    role: str | None = None, scope: Region | Municipality | Organization | None = None, **overrides: Any
) -> User:
    n = next(_seq)
    user = User.objects.create_user(**{"username": f"user{n}", "password": "пароль-для-тестов", **overrides})
    if role is not None:
        add_role(user, role, scope)
    return user


def add_role(user: User, role: str, scope: Region | Municipality | Organization | None = None) -> Membership:
    return Membership.objects.create(
        user=user,
        role=role,
        region=scope if isinstance(scope, Region) else None,
        municipality=scope if isinstance(scope, Municipality) else None,
        organization=scope if isinstance(scope, Organization) else None,
    )


def make_person(**overrides: Any) -> Person:
    if "organization" not in overrides:
        overrides["organization"] = make_organization()
    n = next(_seq)
    fields: dict[str, Any] = {
        "last_name": f"Иван{letters(n)}ова",
        "first_name": "Анна",
        "middle_name": "Петровна",
        "gender": Gender.FEMALE,
        "birth_date": date(1990, 5, 17),
        "experience_start": date(2015, 9, 1),
        "position": "учитель",
    }
    fields.update(overrides)
    return Person.objects.create(**fields)


def make_consent(person: Person, **overrides: Any) -> Consent:
    fields: dict[str, Any] = {"kind": ConsentKind.PROCESSING, "given_on": date(2024, 9, 1), "text_version": "2025-09"}
    fields.update(overrides)
    return Consent.objects.create(person=person, **fields)


def make_mentor(person: Person | None = None, **overrides: Any) -> Mentor:
    if person is None:
        person = make_person()
        make_consent(person)
    fields: dict[str, Any] = {"capacity": 2, "status": MentorStatus.IN_BANK}
    fields.update(overrides)
    return Mentor.objects.create(person=person, **fields)


def make_mentee(person: Person | None = None, **overrides: Any) -> Mentee:
    if person is None:
        person = make_person()
        make_consent(person)
    fields: dict[str, Any] = {"category": MenteeCategory.YOUNG, "requested_on": date(2024, 9, 10)}
    fields.update(overrides)
    return Mentee.objects.create(person=person, **fields)


def make_mentorship(*, mentors: list[Mentor], mentees: list[Mentee], **overrides: Any) -> Mentorship:
    """A draft pair through the service, so that it keeps the same rules as a real one."""
    from nastavnik.mentoring.services import mentorship_create

    started_on = overrides.pop("started_on", date(2024, 10, 1))
    fields: dict[str, Any] = {
        "organization": mentors[0].person.organization,
        "pairing": Pairing.TEACHER_TEACHER,
        "kinds": [MentorshipKind.TRADITIONAL],
        "started_on": started_on,
        "planned_end_on": date(started_on.year + 1, 5, 31),
        "by": None,
    }
    fields.update(overrides)
    return mentorship_create(mentors=mentors, mentees=mentees, **fields)


ALL_ROLES = [role.value for role in Role]


def make_program(mentorship: Mentorship, **overrides: Any) -> Program:
    """A draft program of the pair from the default template (seed 004), through the service."""
    from nastavnik.programs.models import Program, ProgramTemplate
    from nastavnik.programs.services import program_create_from_template

    template = overrides.pop("template", None) or ProgramTemplate.objects.get(municipality=None, is_default=True)
    dates = {name: overrides.pop(name) for name in ("starts_on", "ends_on") if name in overrides}
    program = program_create_from_template(mentorship=mentorship, template=template, by=None, **dates)
    if overrides:
        Program.objects.filter(pk=program.pk).update(**overrides)
        program.refresh_from_db()
    return program


def make_activity(program: Program, **overrides: Any) -> Activity:
    from nastavnik.programs.models import Activity

    fields: dict[str, Any] = {
        "block": program.blocks[0]["code"],
        "order": program.activities.count() + 1,
        "content": "Посещение урока наставляемого с последующим анализом",
        "deadline": program.starts_on,
        "planned_result": "Анализ урока",
    }
    fields.update(overrides)
    return Activity.objects.create(program=program, **fields)
