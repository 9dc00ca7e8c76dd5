"""Pairs and groups of the demonstration data (DESIGN §6: a region has about 10,000 of them).

Written in bulk after the banks (``demo.demo_create``): this year's pairs for most of the mentees
waiting in an organization, with mentors of the same organization who have free places, in every
stage of the lifecycle; and the completed pairs of earlier years. The demo mentor and the demo mentee
make one active pair, so that their home pages have something to show.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from nastavnik.mentoring.models import (
    OPEN_STATUSES,
    Mentee,
    MenteeStatus,
    Mentor,
    Mentorship,
    MentorshipKind,
    MentorshipStatus,
    MentorshipStatusChange,
    MentorStatus,
    Pairing,
    Participant,
    ParticipantRole,
)
from nastavnik.people.models import Consent, ConsentKind, Person

PAIRED_SHARE = 0.7  # of the waiting mentees who have a consent
PAST_PAIRS = ((1, 2, 3, 4), (25, 30, 30, 15))  # completed pairs of earlier years per mentor, and how often
KINDS = [kind.value for kind in MentorshipKind]


@dataclass
class _Pair:
    pair: Mentorship
    mentors: list[int]  # person ids
    mentees: list[int]
    history: list[str]


def _school_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


@transaction.atomic
def demo_pairs_create(*, seed: int, today: date, demo_mentor: Person | None, demo_mentee: Person | None) -> int:
    """Write the demonstration pairs; returns how many."""
    rng = random.Random(seed)
    consenting = Exists(Consent.objects.valid(today).filter(person=OuterRef("person"), kind=ConsentKind.PROCESSING))
    mentors = list(
        Mentor.objects.in_bank()
        .filter(consenting, person__deleted_at__isnull=True)
        .values_list("pk", "person_id", "person__organization_id", "capacity")
        .order_by("pk")
    )
    mentees = list(
        Mentee.objects.filter(consenting, status=MenteeStatus.WAITING, person__deleted_at__isnull=True)
        .values_list("pk", "person_id", "person__organization_id", "requested_on")
        .order_by("pk")
    )
    by_organization: dict[int, list[list[int]]] = defaultdict(list)
    for _, person_id, organization_id, capacity in mentors:
        by_organization[organization_id].append([person_id, capacity])
    people_of: dict[int, list[int]] = defaultdict(list)
    for person_id, organization_id in Person.objects.alive().values_list("pk", "organization_id"):
        people_of[organization_id].append(person_id)

    start_of_year = _school_year_start(today)
    pairs: list[_Pair] = []
    paired_mentees: list[int] = []
    demo_mentor_id, demo_mentee_id = _demo_pair(mentees, demo_mentor, demo_mentee) or (None, None)
    demo_school = getattr(demo_mentee, "organization_id", None)
    for mentee_id, person_id, organization_id, requested_on in mentees:
        forced = mentee_id == demo_mentee_id
        # the demo school's other mentees wait, so that its curator has someone to match
        if not forced and (organization_id == demo_school or rng.random() > PAIRED_SHARE):
            continue
        free = [m for m in by_organization[organization_id] if m[1] > 0 and m[0] != person_id]
        if forced:
            free = [m for m in by_organization[organization_id] if m[0] == demo_mentor_id]
        if not free:
            continue
        mentor = rng.choice(free)
        mentor[1] -= 1
        started = max(requested_on, start_of_year) + timedelta(days=rng.randint(0, 20))
        started = min(started, today)
        status = MentorshipStatus.ACTIVE if forced else _open_status(rng, started, today)
        pairs.append(_open_pair(rng, organization_id, mentor[0], person_id, started, status))
        paired_mentees.append(mentee_id)

    for organization_id, organization_mentors in by_organization.items():
        candidates = people_of[organization_id]
        for mentor_person, _ in organization_mentors:
            for _ in range(rng.choices(PAST_PAIRS[0], weights=PAST_PAIRS[1])[0]):
                mentee_person = rng.choice(candidates)
                if mentee_person != mentor_person:
                    pairs.append(_past_pair(rng, organization_id, mentor_person, mentee_person, start_of_year))

    _write(pairs)
    _difficulties(pairs)
    Mentee.objects.filter(pk__in=paired_mentees).update(status=MenteeStatus.PAIRED)
    # the banks' entry dates come before the pairs (a pair never starts before its people are in the banks)
    Mentor.objects.filter(status=MentorStatus.IN_BANK).update(
        created_at=_aware(start_of_year - timedelta(days=5 * 365))
    )
    Mentee.objects.update(created_at=_aware(start_of_year - timedelta(days=5 * 365)))
    return len(pairs)


def _demo_pair(
    mentees: list[tuple[int, int, int, date]], demo_mentor: Person | None, demo_mentee: Person | None
) -> tuple[int, int] | None:
    """(mentor person id, mentee id) of the demo pair, when both demo people are there."""
    if demo_mentor is None or demo_mentee is None:
        return None
    mentee_id = next((m[0] for m in mentees if m[1] == demo_mentee.pk), None)
    return None if mentee_id is None else (demo_mentor.pk, mentee_id)


def _open_status(rng: random.Random, started: date, today: date) -> str:
    roll = rng.random()
    if roll < 0.1 or started > today - timedelta(days=7):
        return MentorshipStatus.DRAFT
    if roll < 0.25:
        return MentorshipStatus.APPROVED
    return MentorshipStatus.ACTIVE


def _open_pair(rng: random.Random, organization_id: int, mentor: int, mentee: int, started: date, status: str) -> _Pair:
    pair = Mentorship(
        organization_id=organization_id,
        pairing=Pairing.TEACHER_TEACHER,
        kinds=sorted(rng.sample(KINDS, rng.choice((1, 1, 2)))) if rng.random() < 0.4 else [MentorshipKind.TRADITIONAL],
        started_on=started,
        planned_end_on=date(started.year + (1 if started.month >= 6 else 0), 5, 31),
        status=status,
    )
    history: list[str] = [MentorshipStatus.DRAFT]
    if status != MentorshipStatus.DRAFT:
        pair.order_number = f"{rng.randint(10, 250)}-ОД"
        pair.order_date = started
        history.append(MentorshipStatus.APPROVED)
    if status == MentorshipStatus.ACTIVE:
        history.append(MentorshipStatus.ACTIVE)
    return _Pair(pair, [mentor], [mentee], history)


def _past_pair(rng: random.Random, organization_id: int, mentor: int, mentee: int, start_of_year: date) -> _Pair:
    years_ago = rng.randint(1, 4)
    started = date(start_of_year.year - years_ago, 9, 1) + timedelta(days=rng.randint(0, 40))
    ended_early = rng.random() < 0.08
    pair = Mentorship(
        organization_id=organization_id,
        pairing=Pairing.TEACHER_TEACHER,
        kinds=[MentorshipKind.TRADITIONAL],
        started_on=started,
        planned_end_on=date(started.year + 1, 5, 31),
        status=MentorshipStatus.ENDED_EARLY if ended_early else MentorshipStatus.COMPLETED,
        order_number=f"{rng.randint(10, 250)}-ОД",
        order_date=started,
        ended_on=started + timedelta(days=rng.randint(60, 200)) if ended_early else date(started.year + 1, 5, 31),
        end_reason="agreement" if ended_early else "",
    )
    history: list[str] = [MentorshipStatus.DRAFT, MentorshipStatus.APPROVED, MentorshipStatus.ACTIVE, pair.status]
    return _Pair(pair, [mentor], [mentee], history)


def _write(pairs: list[_Pair]) -> None:
    Mentorship.objects.bulk_create([p.pair for p in pairs], batch_size=2_000)
    participants = []
    changes = []
    for item in pairs:
        pair = item.pair
        consent_on = pair.started_on if pair.status != MentorshipStatus.DRAFT else None
        for role, people in ((ParticipantRole.MENTOR, item.mentors), (ParticipantRole.MENTEE, item.mentees)):
            participants += [
                Participant(
                    mentorship=pair,
                    person_id=person,
                    role=role,
                    joined_on=pair.started_on,
                    duties_consent_on=consent_on,
                )
                for person in people
            ]
        old = ""
        for status in item.history:
            changes.append(MentorshipStatusChange(mentorship=pair, old_status=old, new_status=status))
            old = status
    Participant.objects.bulk_create(participants, batch_size=2_000)
    MentorshipStatusChange.objects.bulk_create(changes, batch_size=2_000)


def _difficulties(pairs: list[_Pair]) -> None:
    """What each open pair works on: its mentees' recorded difficulties."""
    open_pairs = {item.pair.pk: item.mentees for item in pairs if item.pair.status in OPEN_STATUSES}
    people = {person for mentees in open_pairs.values() for person in mentees}
    needs: dict[int, list[int]] = defaultdict(list)
    links = Mentee.difficulties.through.objects.filter(mentee__person__in=people)
    for person_id, difficulty_id in links.values_list("mentee__person_id", "difficulty_id"):
        needs[person_id].append(difficulty_id)
    through = Mentorship.difficulties.through
    rows = [
        through(mentorship_id=pair_id, difficulty_id=difficulty_id)
        for pair_id, mentees in open_pairs.items()
        for person_id in mentees
        for difficulty_id in needs[person_id]
    ]
    through.objects.bulk_create(rows, batch_size=2_000, ignore_conflicts=True)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))
