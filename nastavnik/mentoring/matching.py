"""Proposals of pairs: compatibility scores with reasons in words, and the best assignment (DESIGN §4.6).

Nothing here writes: a proposal is shown to the curator, who edits and approves it; pairs are created
only then, through ``services.mentorship_create``.

The pages call two functions:

- ``proposal_for(mentors=…, mentees=…, municipality=…, on=…)``: the best assignment with the
  municipality's weights and hard constraints and the psychologist's notes;
- ``score_pair(mentor=…, mentee=…, municipality=…, on=…)``: one pair the curator chose by hand.

A score is a sum of parts, each a municipality setting: difficulties covered by the mentor's
competencies, the same subject, the same organization (or network mentoring), an experience gap of at
least five years, free places, the psychologist's «рекомендована». A pair that breaks a hard constraint
is never proposed: the same person; no free places; the psychologist's «не рекомендована»; a mentor of
another municipality; another organization when the municipality keeps mentoring inside organizations
or the mentor is not ready for network mentoring; a head and their own deputy; a smaller experience gap
than the municipality's minimum. ``score_value`` is the reference for one pair; ``propose`` computes
the same numbers for all pairs at once with numpy (a test keeps the two equal).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Q, QuerySet

from nastavnik.lib.dates import full_years
from nastavnik.lib.matching import solve
from nastavnik.lib.text import normalize, plural
from nastavnik.mentoring.models import OPEN_STATUSES, CompatibilityNote, Mentee, Mentor, ParticipantRole, Verdict
from nastavnik.orgs.models import Municipality
from nastavnik.people.models import Person

# The experience gap that earns the «стаж» part of the score.
EXPERIENCE_GAP = 5

# Mentees scored at once against the mentors of their municipality (bounds the memory of a region).
ROWS_AT_ONCE = 2_000


@dataclass(frozen=True)
class Weights:
    """How much each part of compatibility counts (points); a municipality setting."""

    difficulties: float = 6.0  # all of the mentee's difficulties covered
    subject: float = 2.0
    same_organization: float = 2.0
    network: float = 0.5  # another organization, the mentor is ready for network mentoring
    experience: float = 1.0  # the mentor has at least 5 more years of experience
    free_places: float = 1.0  # all of the mentor's places free
    psychologist: float = 2.0  # the psychologist recommends the pair

    @classmethod
    def of(cls, municipality: Municipality) -> Weights:
        return cls(
            difficulties=municipality.match_difficulties,
            subject=municipality.match_subject,
            same_organization=municipality.match_same_organization,
            network=municipality.match_network,
            experience=municipality.match_experience,
            free_places=municipality.match_free_places,
            psychologist=municipality.match_psychologist,
        )


@dataclass(frozen=True)
class Rules:
    """The configurable hard constraints; a municipality setting."""

    own_organization_only: bool = False
    head_not_deputy: bool = True
    min_experience_gap: int = 0  # years; 0: none

    @classmethod
    def of(cls, municipality: Municipality) -> Rules:
        return cls(
            own_organization_only=municipality.match_own_organization_only,
            head_not_deputy=municipality.match_head_not_deputy,
            min_experience_gap=municipality.match_min_experience_gap,
        )


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
    municipality_id: int | None = None
    is_head: bool = False  # the head of their organization (директор, заведующий)


@dataclass(frozen=True)
class MenteeFacts:
    id: int
    person_id: int
    name: str
    organization_id: int
    difficulties: dict[int, str]
    subjects: dict[int, str]
    experience: int | None
    municipality_id: int | None = None
    is_deputy: bool = False  # a deputy head (заместитель директора, заведующего)


# The psychologist's verdict on a pair, keyed by (mentor id, mentee id); a pair without a note: None.
Verdicts = Mapping[tuple[int, int], str]

# «директор», «директор школы», «и. о. директора», «ректор»; «заведующий» of the organization itself
# («заведующая», «заведующий детским садом»), not of its library, household or department.
_ACTING = r"(?:(?:и\.?\s?о\.?|врио|временно исполняющ\w*|исполняющ\w*)\s+(?:обязанност\w*\s+)?)?"
_HEAD = re.compile(
    rf"^{_ACTING}(?:директор|ректор|заведующ\w*(?:\s+(?:детск|дошкольн|учрежд|организац|сад|\w*доу).*)?$)"
)
# «заместитель директора по УВР», «зам. директора», «замдиректора», «первый заместитель заведующего».
_DEPUTY = re.compile(r"(?:^|\s)(?:заместител\w*|зам\.|зам\s|замдиректор\w*|замзав\w*)")


def is_head(position: str, head_position: str = "") -> bool:
    """Whether the position is the head of the organization; ``head_position`` is the organization's own
    name for it (Organization.head_position), counted as well."""
    text = normalize(position)
    return bool(text) and (bool(_HEAD.match(text)) or text == normalize(head_position))


def is_deputy(position: str) -> bool:
    return bool(_DEPUTY.search(normalize(position)))


def _years(number: int) -> str:
    """«меньше 1 года», «меньше 3 лет»: the genitive after a comparison."""
    return f"{number} {plural(number, 'года', 'лет', 'лет')}"


def forbidden(
    mentor: MentorFacts, mentee: MenteeFacts, rules: Rules | None = None, verdict: str | None = None
) -> str | None:
    """The hard constraint the pair breaks, in words, or None when the pair is allowed."""
    rules = rules or Rules()
    same_place = mentor.organization_id == mentee.organization_id
    if mentor.person_id == mentee.person_id:
        return "наставник и наставляемый — один человек"
    if mentor.free <= 0:
        return "у наставника нет свободных мест"
    if verdict == Verdict.NOT_RECOMMENDED:
        return "педагог-психолог не рекомендует эту пару"
    if not same_place and _other_municipality(mentor, mentee):
        return "наставник из другого муниципалитета"
    if not same_place and rules.own_organization_only:
        return "в муниципалитете наставничество только внутри своей организации"
    if not same_place and not mentor.network_ready:
        return "наставник из другой организации не готов к сетевому наставничеству"
    if same_place and rules.head_not_deputy and mentor.is_head and mentee.is_deputy:
        return "руководитель не наставляет своего заместителя"
    gap = rules.min_experience_gap
    if gap and mentor.experience is None:
        return f"стаж наставника не указан, а нужна разница в стаже не меньше {_years(gap)}"
    if gap and mentor.experience is not None and mentor.experience - (mentee.experience or 0) < gap:
        return f"разница в стаже меньше {_years(gap)}"
    return None


def _other_municipality(mentor: MentorFacts, mentee: MenteeFacts) -> bool:
    known = mentor.municipality_id is not None and mentee.municipality_id is not None
    return known and mentor.municipality_id != mentee.municipality_id


def _experience_bonus(mentor: MentorFacts, mentee: MenteeFacts) -> bool:
    return mentor.experience is not None and (mentee.experience or 0) + EXPERIENCE_GAP <= mentor.experience


def score_value(
    mentor: MentorFacts,
    mentee: MenteeFacts,
    weights: Weights,
    rules: Rules | None = None,
    verdict: str | None = None,
) -> float | None:
    """The number alone, for every candidate pair; None where a hard constraint forbids the pair.

    ``_score_block`` computes the same sums in the same order for many pairs at once: keep them alike.
    """
    if forbidden(mentor, mentee, rules, verdict):
        return None
    same_place = mentor.organization_id == mentee.organization_id
    value = weights.same_organization if same_place else weights.network
    if mentee.difficulties:
        covered = sum(1 for pk in mentee.difficulties if pk in mentor.competencies)
        value += weights.difficulties * covered / len(mentee.difficulties)
    if any(pk in mentor.subjects for pk in mentee.subjects):
        value += weights.subject
    if _experience_bonus(mentor, mentee):
        value += weights.experience
    if verdict == Verdict.RECOMMENDED:
        value += weights.psychologist
    return round(value + weights.free_places * mentor.free / mentor.capacity, 2)


def reasons(mentor: MentorFacts, mentee: MenteeFacts, verdict: str | None = None) -> tuple[str, ...]:
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
    if _experience_bonus(mentor, mentee):
        gap = (mentor.experience or 0) - (mentee.experience or 0)
        result.append(f"стаж больше на {gap} {plural(gap, 'год', 'года', 'лет')}")
    if verdict in (Verdict.RECOMMENDED, Verdict.POSSIBLE, Verdict.NOT_RECOMMENDED):
        result.append(f"педагог-психолог: совместимость {Verdict(verdict).label}")
    result.append(f"свободно мест: {mentor.free} из {mentor.capacity}")
    return tuple(result)


def compatibility(
    mentor: MentorFacts,
    mentee: MenteeFacts,
    weights: Weights,
    *,
    rules: Rules | None = None,
    verdict: str | None = None,
) -> Score | None:
    """The score and its reasons, or None where a hard constraint forbids the pair."""
    value = score_value(mentor, mentee, weights, rules, verdict)
    return None if value is None else Score(value, reasons(mentor, mentee, verdict))


@dataclass
class Proposal:
    pairs: list[tuple[MentorFacts, MenteeFacts, Score]] = field(default_factory=list)
    unmatched: list[tuple[MenteeFacts, str]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(score.value for _, _, score in self.pairs), 2)


def _experience(start: date | None, on: date) -> int | None:
    return full_years(start, on) if start else None


def _full_name(last: str, first: str, middle: str) -> str:
    return " ".join(part for part in (last, first, middle) if part)


def mentor_facts(mentors: QuerySet[Mentor], on: date) -> list[MentorFacts]:
    """The facts of each mentor; their free places count only current participants of open pairs.
    Read as plain values in three queries (rows, competencies, subjects): a municipality's mentors are
    read on every view of the proposal."""
    busy = Count(
        "person__participations",
        filter=Q(
            person__participations__role=ParticipantRole.MENTOR,
            person__participations__mentorship__status__in=OPEN_STATUSES,
            person__participations__left_on__isnull=True,
        ),
    )
    rows = mentors.annotate(busy=busy).values_list(
        "pk",
        "person_id",
        "person__last_name",
        "person__first_name",
        "person__middle_name",
        "person__organization_id",
        "network_ready",
        "person__experience_start",
        "capacity",
        "busy",
        "person__organization__municipality_id",
        "person__position",
        "person__organization__head_position",
    )
    competencies: dict[int, set[int]] = defaultdict(set)
    through = Mentor.competencies.through.objects.filter(mentor__in=mentors.values("pk"))
    for mentor_id, difficulty_id in through.values_list("mentor_id", "difficulty_id"):
        competencies[mentor_id].add(difficulty_id)
    subjects: dict[int, set[int]] = defaultdict(set)
    taught = Mentor.subjects.through.objects.filter(mentor__in=mentors.values("pk"))
    for mentor_id, subject_id in taught.values_list("mentor_id", "subject_id"):
        subjects[mentor_id].add(subject_id)
    return [
        MentorFacts(
            id=pk,
            person_id=person_id,
            name=_full_name(last, first, middle),
            organization_id=organization_id,
            network_ready=network_ready,
            competencies=frozenset(competencies[pk]),
            subjects=frozenset(subjects[pk]),
            experience=_experience(experience_start, on),
            free=max(0, capacity - busy_count),
            capacity=capacity,
            municipality_id=municipality_id,
            is_head=is_head(position, head_position),
        )
        for (
            pk,
            person_id,
            last,
            first,
            middle,
            organization_id,
            network_ready,
            experience_start,
            capacity,
            busy_count,
            municipality_id,
            position,
            head_position,
        ) in rows
    ]


def mentee_facts(mentees: QuerySet[Mentee], on: date) -> list[MenteeFacts]:
    """The facts of each mentee, as plain values in three queries (rows, difficulties, subjects)."""
    rows = mentees.values_list(
        "pk",
        "person_id",
        "person__last_name",
        "person__first_name",
        "person__middle_name",
        "person__organization_id",
        "person__experience_start",
        "person__organization__municipality_id",
        "person__position",
    )
    difficulties: dict[int, dict[int, str]] = defaultdict(dict)
    needs = Mentee.difficulties.through.objects.filter(mentee__in=mentees.values("pk"))
    ordered = needs.order_by("difficulty__order", "difficulty__name")
    for mentee_id, difficulty_id, name in ordered.values_list("mentee_id", "difficulty_id", "difficulty__name"):
        difficulties[mentee_id][difficulty_id] = name
    subjects: dict[int, dict[int, str]] = defaultdict(dict)
    taught = Person.subjects.through.objects.filter(person__in=mentees.values("person"))
    for person_id, subject_id, name in taught.order_by("subject__name").values_list(
        "person_id", "subject_id", "subject__name"
    ):
        subjects[person_id][subject_id] = name
    return [
        MenteeFacts(
            id=pk,
            person_id=person_id,
            name=_full_name(last, first, middle),
            organization_id=organization_id,
            difficulties=difficulties[pk],
            subjects=subjects[person_id],
            experience=_experience(experience_start, on),
            municipality_id=municipality_id,
            is_deputy=is_deputy(position),
        )
        for pk, person_id, last, first, middle, organization_id, experience_start, municipality_id, position in rows
    ]


def verdicts_for(mentors: QuerySet[Mentor], mentees: QuerySet[Mentee]) -> dict[tuple[int, int], str]:
    """The psychologist's verdicts on the pairs among these mentors and mentees, in one query."""
    notes = CompatibilityNote.objects.filter(mentor__in=mentors.values("pk"), mentee__in=mentees.values("pk"))
    return {(mentor, mentee): verdict for mentor, mentee, verdict in notes.values_list("mentor", "mentee", "verdict")}


Matrix = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def _membership(sets: Sequence[frozenset[int] | dict[int, str]], index: dict[int, int]) -> Matrix:
    """Rows of 0/1: which of the indexed ids each set holds."""
    matrix = np.zeros((len(sets), len(index)))
    for row, ids in enumerate(sets):
        matrix[row, [index[pk] for pk in ids if pk in index]] = 1.0
    return matrix


def _score_block(
    mentors: list[MentorFacts],
    mentees: list[MenteeFacts],
    weights: Weights,
    rules: Rules,
    verdicts: Verdicts,
) -> tuple[Matrix, Mask]:
    """Scores (unrounded) of every mentee × mentor of a block and whether each pair is allowed:
    ``score_value`` and ``forbidden`` for many pairs at once, the same sums in the same order."""
    difficulty = {pk: i for i, pk in enumerate(sorted({pk for m in mentees for pk in m.difficulties}))}
    subject = {pk: i for i, pk in enumerate(sorted({pk for m in mentees for pk in m.subjects}))}
    needs = _membership([m.difficulties for m in mentees], difficulty)
    covered = needs @ _membership([t.competencies for t in mentors], difficulty).T
    common = (
        _membership([m.subjects for m in mentees], subject) @ _membership([t.subjects for t in mentors], subject).T
    ) > 0

    def column(values: list[float]) -> Matrix:
        return np.array(values, dtype=np.float64)[:, None]

    def row(values: list[float]) -> Matrix:
        return np.array(values, dtype=np.float64)[None, :]

    same = column([m.organization_id for m in mentees]) == row([t.organization_id for t in mentors])
    network_ready = row([t.network_ready for t in mentors]) > 0
    free, capacity = row([t.free for t in mentors]), row([t.capacity for t in mentors])
    known = row([t.experience is not None for t in mentors]) > 0
    mentor_years = row([t.experience or 0 for t in mentors])
    mentee_years = column([m.experience or 0 for m in mentees])

    allowed = (column([m.person_id for m in mentees]) != row([t.person_id for t in mentors])) & (free > 0)
    mentee_place = column([-1 if m.municipality_id is None else m.municipality_id for m in mentees])
    mentor_place = row([-1 if t.municipality_id is None else t.municipality_id for t in mentors])
    allowed &= same | (mentee_place < 0) | (mentor_place < 0) | (mentee_place == mentor_place)
    if rules.own_organization_only:
        allowed &= same
    allowed &= same | network_ready
    if rules.head_not_deputy:
        allowed &= ~(same & (row([t.is_head for t in mentors]) > 0) & (column([m.is_deputy for m in mentees]) > 0))
    if rules.min_experience_gap:
        allowed &= known & (mentor_years - mentee_years >= rules.min_experience_gap)

    recommended = np.zeros(allowed.shape)
    if verdicts:
        mentor_at = {t.id: j for j, t in enumerate(mentors)}
        mentee_at = {m.id: i for i, m in enumerate(mentees)}
        for (mentor_id, mentee_id), verdict in verdicts.items():
            i, j = mentee_at.get(mentee_id), mentor_at.get(mentor_id)
            if i is None or j is None:
                continue
            if verdict == Verdict.NOT_RECOMMENDED:
                allowed[i, j] = False
            elif verdict == Verdict.RECOMMENDED:
                recommended[i, j] = weights.psychologist

    value = np.where(same, weights.same_organization, weights.network)
    counts = needs.sum(axis=1)[:, None]
    value = value + np.divide(weights.difficulties * covered, counts, out=np.zeros_like(covered), where=counts > 0)
    value = value + np.where(common, weights.subject, 0.0)
    value = value + np.where(known & (mentee_years + EXPERIENCE_GAP <= mentor_years), weights.experience, 0.0)
    value = value + recommended
    value = value + weights.free_places * free / capacity
    return value, allowed


def _blocks(mentors: list[MentorFacts], mentees: list[MenteeFacts]) -> list[tuple[list[int], list[int]]]:
    """Indices of mentors and mentees grouped by municipality (pairs never cross one); all in one block
    when some municipality is unknown."""
    everyone = [(list(range(len(mentors))), list(range(len(mentees))))]
    if any(t.municipality_id is None for t in mentors) or any(m.municipality_id is None for m in mentees):
        return everyone
    by_mentor: dict[int | None, list[int]] = defaultdict(list)
    by_mentee: dict[int | None, list[int]] = defaultdict(list)
    for j, mentor in enumerate(mentors):
        by_mentor[mentor.municipality_id].append(j)
    for i, mentee in enumerate(mentees):
        by_mentee[mentee.municipality_id].append(i)
    return [(by_mentor[key], rows) for key, rows in by_mentee.items() if key in by_mentor]


def propose(
    mentors: list[MentorFacts],
    mentees: list[MenteeFacts],
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    verdicts: Verdicts | None = None,
    candidates: int | None = None,
) -> Proposal:
    """The best assignment over all allowed pairs, and why each unmatched mentee is left waiting.

    ``candidates``: keep only each mentee's best so many mentors (a region's candidate lists); the
    assignment is then the exact optimum over those lists. None: every allowed pair.
    """
    if candidates is not None and candidates < 1:
        raise ValueError(f"candidates must be at least 1, not {candidates}")
    weights, rules, verdicts = weights or Weights(), rules or Rules(), verdicts or {}
    open_mentors = [mentor for mentor in mentors if mentor.free > 0]
    edge_rows, edge_cols, edge_values = [], [], []
    for block_mentors, block_mentees in _blocks(open_mentors, mentees):
        tutors = [open_mentors[j] for j in block_mentors]
        for start in range(0, len(block_mentees), ROWS_AT_ONCE):
            rows = block_mentees[start : start + ROWS_AT_ONCE]
            value, allowed = _score_block(tutors, [mentees[i] for i in rows], weights, rules, verdicts)
            if candidates is not None and candidates < len(tutors):
                masked = np.where(allowed, value, -np.inf)
                best = np.argpartition(-masked, candidates - 1, axis=1)[:, :candidates]
                keep = np.zeros_like(allowed)
                np.put_along_axis(keep, best, True, axis=1)
                allowed &= keep
            at_row, at_col = np.nonzero(allowed)
            edge_rows.append(np.asarray(rows)[at_row])
            edge_cols.append(np.asarray(block_mentors)[at_col])
            # Python's round, as in score_value (numpy rounds through ×100 and may differ by a cent).
            edge_values.append(np.array([round(v, 2) for v in value[at_row, at_col].tolist()]))
    rows_all = np.concatenate(edge_rows) if edge_rows else np.zeros(0, dtype=np.int64)
    cols_all = np.concatenate(edge_cols) if edge_cols else np.zeros(0, dtype=np.int64)
    values_all = np.concatenate(edge_values) if edge_values else np.zeros(0)
    positive = values_all > 0
    rows_all, cols_all, values_all = rows_all[positive], cols_all[positive], values_all[positive]
    places = np.array([mentor.free for mentor in open_mentors], dtype=np.int64)
    chosen = solve(rows_all, cols_all, values_all, places, mentees=len(mentees))
    value_of = dict(zip(zip(rows_all.tolist(), cols_all.tolist(), strict=True), values_all.tolist(), strict=True))
    with_candidates = set(rows_all.tolist())
    proposal = Proposal()
    for i, mentee in enumerate(mentees):
        j = int(chosen[i])
        if j >= 0:
            mentor = open_mentors[j]
            verdict = verdicts.get((mentor.id, mentee.id))
            proposal.pairs.append((mentor, mentee, Score(value_of[(i, j)], reasons(mentor, mentee, verdict))))
        elif i not in with_candidates:
            proposal.unmatched.append((mentee, "нет подходящего наставника со свободными местами"))
        else:
            proposal.unmatched.append((mentee, "подходящие наставники заняты теми, кому они подходят больше"))
    return proposal


def proposal_for(
    *,
    mentors: QuerySet[Mentor],
    mentees: QuerySet[Mentee],
    municipality: Municipality,
    on: date,
    candidates: int | None = None,
) -> Proposal:
    """The best assignment of these mentees to these mentors with the municipality's weights and hard
    constraints and the psychologist's notes. The querysets say who is eligible (waiting, in the bank,
    with a consent…); nothing is written."""
    return propose(
        mentor_facts(mentors, on),
        mentee_facts(mentees, on),
        weights=Weights.of(municipality),
        rules=Rules.of(municipality),
        verdicts=verdicts_for(mentors, mentees),
        candidates=candidates,
    )


def score_pair(*, mentor: Mentor, mentee: Mentee, municipality: Municipality, on: date) -> tuple[Score | None, str]:
    """One pair the curator chose by hand, with the municipality's settings and the psychologist's note.

    Returns ``(score, "")`` when the pair is allowed, ``(None, reason)`` when a hard constraint forbids
    it, the reason in words («руководитель не наставляет своего заместителя»).
    """
    (tutor,) = mentor_facts(Mentor.objects.filter(pk=mentor.pk), on)
    (learner,) = mentee_facts(Mentee.objects.filter(pk=mentee.pk), on)
    note = CompatibilityNote.objects.filter(mentor=mentor, mentee=mentee).values_list("verdict", flat=True).first()
    rules = Rules.of(municipality)
    reason = forbidden(tutor, learner, rules, note)
    if reason:
        return None, reason
    return compatibility(tutor, learner, Weights.of(municipality), rules=rules, verdict=note), ""
