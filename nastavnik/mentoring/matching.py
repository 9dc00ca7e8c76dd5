"""Proposals of pairs: compatibility scores with reasons in words, and the best assignment (DESIGN §4.6).

Nothing here writes: a proposal is shown to the curator, who edits and approves it; pairs are created
only then, through ``services.mentorship_create``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from nastavnik.lib.dates import full_years
from nastavnik.lib.matching import best_assignment
from nastavnik.lib.text import plural
from nastavnik.mentoring.models import OPEN_STATUSES, Mentee, Mentor, ParticipantRole


@dataclass(frozen=True)
class Weights:
    """How much each part of compatibility counts (points). To become a municipality setting."""

    difficulties: float = 6.0  # all of the mentee's difficulties covered
    subject: float = 2.0
    same_organization: float = 2.0
    network: float = 0.5  # another organization, the mentor is ready for network mentoring
    experience: float = 1.0  # the mentor has at least 5 more years of experience
    free_places: float = 1.0  # all of the mentor's places free


@dataclass(frozen=True)
class Score:
    value: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MentorFacts:
    id: int
    person_id: int
    name: str
    organization_id: int
    network_ready: bool
    competencies: frozenset[int]
    subjects: frozenset[int]
    experience: int | None
    free: int
    capacity: int


@dataclass(frozen=True)
class MenteeFacts:
    id: int
    person_id: int
    name: str
    organization_id: int
    difficulties: dict[int, str]
    subjects: dict[int, str]
    experience: int | None


def score_value(mentor: MentorFacts, mentee: MenteeFacts, weights: Weights) -> float | None:
    """The number alone, for every candidate pair; None where a hard constraint forbids the pair."""
    if mentor.person_id == mentee.person_id or mentor.free <= 0:
        return None
    same_place = mentor.organization_id == mentee.organization_id
    if not same_place and not mentor.network_ready:
        return None
    value = weights.same_organization if same_place else weights.network
    if mentee.difficulties:
        covered = sum(1 for pk in mentee.difficulties if pk in mentor.competencies)
        value += weights.difficulties * covered / len(mentee.difficulties)
    if any(pk in mentor.subjects for pk in mentee.subjects):
        value += weights.subject
    if mentor.experience is not None and (mentee.experience or 0) + 5 <= mentor.experience:
        value += weights.experience
    return round(value + weights.free_places * mentor.free / mentor.capacity, 2)


def reasons(mentor: MentorFacts, mentee: MenteeFacts) -> tuple[str, ...]:
    """The same parts in words, for the pairs a person will read."""
    result: list[str] = []
    covered = [name for pk, name in mentee.difficulties.items() if pk in mentor.competencies]
    if covered:
        total = len(mentee.difficulties)
        result.append(
            f"закрывает {len(covered)} из {total} {plural(total, 'затруднения', 'затруднений', 'затруднений')}: "
            + ", ".join(covered)
        )
    common = [name for pk, name in mentee.subjects.items() if pk in mentor.subjects]
    if common:
        result.append("тот же предмет: " + ", ".join(common).lower())
    if mentor.organization_id == mentee.organization_id:
        result.append("одна организация")
    else:
        result.append("сетевое наставничество (другая организация)")
    if mentor.experience is not None and (mentee.experience or 0) + 5 <= mentor.experience:
        gap = mentor.experience - (mentee.experience or 0)
        result.append(f"стаж больше на {gap} {plural(gap, 'год', 'года', 'лет')}")
    result.append(f"свободно мест: {mentor.free} из {mentor.capacity}")
    return tuple(result)


def compatibility(mentor: MentorFacts, mentee: MenteeFacts, weights: Weights) -> Score | None:
    """The score and its reasons, or None where a hard constraint forbids the pair."""
    value = score_value(mentor, mentee, weights)
    return None if value is None else Score(value, reasons(mentor, mentee))


@dataclass
class Proposal:
    pairs: list[tuple[MentorFacts, MenteeFacts, Score]] = field(default_factory=list)
    unmatched: list[tuple[MenteeFacts, str]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(score.value for _, _, score in self.pairs), 2)


def _experience(start: date | None, on: date) -> int | None:
    return full_years(start, on) if start else None


def mentor_facts(mentors: QuerySet[Mentor], on: date) -> list[MentorFacts]:
    busy = Count(
        "person__participations",
        filter=Q(
            person__participations__role=ParticipantRole.MENTOR,
            person__participations__mentorship__status__in=OPEN_STATUSES,
            person__participations__left_on__isnull=True,
        ),
    )
    rows = mentors.select_related("person").annotate(busy=busy).prefetch_related("competencies", "subjects")
    return [
        MentorFacts(
            id=m.pk,
            person_id=m.person_id,
            name=m.person.full_name,
            organization_id=m.person.organization_id,
            network_ready=m.network_ready,
            competencies=frozenset(d.pk for d in m.competencies.all()),
            subjects=frozenset(s.pk for s in m.subjects.all()),
            experience=_experience(m.person.experience_start, on),
            free=max(0, m.capacity - m.busy),  # type: ignore[attr-defined]
            capacity=m.capacity,
        )
        for m in rows
    ]


def mentee_facts(mentees: QuerySet[Mentee], on: date) -> list[MenteeFacts]:
    rows = mentees.select_related("person").prefetch_related("difficulties", "person__subjects")
    return [
        MenteeFacts(
            id=m.pk,
            person_id=m.person_id,
            name=m.person.full_name,
            organization_id=m.person.organization_id,
            difficulties={d.pk: d.name for d in m.difficulties.all()},
            subjects={s.pk: s.name for s in m.person.subjects.all()},
            experience=_experience(m.person.experience_start, on),
        )
        for m in rows
    ]


def propose(mentors: list[MentorFacts], mentees: list[MenteeFacts], *, weights: Weights | None = None) -> Proposal:
    """The best assignment over all compatible pairs, and why each unmatched mentee is left waiting."""
    weights = weights or Weights()
    scores: dict[tuple[int, int], float] = {}
    open_mentors = [mentor for mentor in mentors if mentor.free > 0]
    for mentee in mentees:
        for mentor in open_mentors:
            value = score_value(mentor, mentee, weights)
            if value is not None and value > 0:
                scores[(mentee.id, mentor.id)] = value
    chosen = best_assignment(scores, {m.id: m.free for m in open_mentors})
    by_id = {m.id: m for m in mentors}
    with_candidates = {mentee_id for mentee_id, _ in scores}
    proposal = Proposal()
    for mentee in mentees:
        mentor_id = chosen.get(mentee.id)
        if mentor_id is not None:
            mentor = by_id[mentor_id]
            proposal.pairs.append((mentor, mentee, Score(scores[(mentee.id, mentor_id)], reasons(mentor, mentee))))
        elif mentee.id not in with_candidates:
            proposal.unmatched.append((mentee, "нет подходящего наставника со свободными местами"))
        else:
            proposal.unmatched.append((mentee, "подходящие наставники заняты теми, кому они подходят больше"))
    return proposal
