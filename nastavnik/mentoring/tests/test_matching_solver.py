"""Proposals on facts built in memory: the optimum equals an independent exact method, the hard
constraints and places always hold, the bulk scores equal the one-pair reference, and the candidate
lists and municipalities split the problem without changing the answer."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import linprog

from nastavnik.lib.matching import greedy_assignment, total
from nastavnik.mentoring.matching import (
    MenteeFacts,
    MentorFacts,
    Proposal,
    Rules,
    Weights,
    forbidden,
    propose,
    score_value,
)
from nastavnik.mentoring.models import Verdict

VERDICTS = [Verdict.RECOMMENDED, Verdict.POSSIBLE, Verdict.NOT_RECOMMENDED]


def world(rng: random.Random, mentees: int, mentors: int, *, municipalities: int = 1, organizations: int = 3):
    """Random facts: people in a few organizations of a few municipalities, random verdicts."""
    place = {org: rng.randrange(municipalities) for org in range(organizations)}
    tutors = []
    for j in range(mentors):
        org = rng.randrange(organizations)
        capacity = rng.randint(1, 3)
        tutors.append(
            MentorFacts(
                id=100 + j,
                person_id=1000 + j,
                name=f"Наставник {j}",
                organization_id=org,
                network_ready=rng.random() < 0.6,
                competencies=frozenset(rng.sample(range(8), rng.randint(0, 5))),
                subjects=frozenset(rng.sample(range(5), rng.randint(0, 2))),
                experience=rng.choice([None, *range(0, 30)]),
                free=rng.randint(0, capacity),
                capacity=capacity,
                municipality_id=place[org],
                is_head=rng.random() < 0.15,
            )
        )
    learners = []
    for i in range(mentees):
        org = rng.randrange(organizations)
        learners.append(
            MenteeFacts(
                id=200 + i,
                # Now and then the same person is both (a mentor who asked for a mentor themselves).
                person_id=1000 + i if rng.random() < 0.05 else 2000 + i,
                name=f"Наставляемый {i}",
                organization_id=org,
                difficulties={pk: f"затруднение {pk}" for pk in rng.sample(range(8), rng.randint(0, 4))},
                subjects={pk: f"предмет {pk}" for pk in rng.sample(range(5), rng.randint(0, 2))},
                experience=rng.choice([None, *range(0, 6)]),
                municipality_id=place[org],
                is_deputy=rng.random() < 0.2,
            )
        )
    verdicts = {(t.id, m.id): rng.choice(VERDICTS) for t in tutors for m in learners if rng.random() < 0.2}
    return tutors, learners, verdicts


def random_settings(rng: random.Random) -> tuple[Weights, Rules]:
    weights = Weights(*(round(rng.uniform(0, 6), 1) for _ in range(7)))
    rules = Rules(
        own_organization_only=rng.random() < 0.3,
        head_not_deputy=rng.random() < 0.7,
        min_experience_gap=rng.choice([0, 0, 3, 10]),
    )
    return weights, rules


def reference_scores(tutors, learners, weights, rules, verdicts) -> dict[tuple[int, int], float]:
    """(mentee id, mentor id) → score, pair by pair through the one-pair reference."""
    scores = {}
    for mentee in learners:
        for mentor in tutors:
            value = score_value(mentor, mentee, weights, rules, verdicts.get((mentor.id, mentee.id)))
            if value is not None and value > 0:
                scores[(mentee.id, mentor.id)] = value
    return scores


def brute_force(scores: dict[tuple[int, int], float], places: dict[int, int]) -> float:
    mentees = sorted({m for m, _ in scores})
    options = [[None, *[t for (mm, t) in scores if mm == m]] for m in mentees]
    best = 0.0
    for choice in itertools.product(*options):
        used = Counter(t for t in choice if t is not None)
        if all(count <= places[t] for t, count in used.items()):
            best = max(best, sum(scores[(m, t)] for m, t in zip(mentees, choice, strict=True) if t is not None))
    return best


def linear_program(scores: dict[tuple[int, int], float], places: dict[int, int]) -> float:
    """The b-matching as a linear program; its matrix is totally unimodular, so the optimum is whole."""
    if not scores:
        return 0.0
    edges = list(scores)
    mentees = sorted({m for m, _ in edges})
    mentors = sorted(places)
    limits = np.zeros((len(mentees) + len(mentors), len(edges)))
    for k, (mentee, mentor) in enumerate(edges):
        limits[mentees.index(mentee), k] = 1
        limits[len(mentees) + mentors.index(mentor), k] = 1
    bounds = [1] * len(mentees) + [places[t] for t in mentors]
    result = linprog([-scores[e] for e in edges], A_ub=limits, b_ub=bounds, bounds=(0, 1), method="highs")
    assert result.status == 0
    return float(-result.fun)


def check_proposal(proposal: Proposal, tutors, learners, weights, rules, verdicts) -> None:
    """Every pair is allowed, scored as the reference scores it, no mentor over their free places, every
    mentee once: paired or waiting with a reason."""
    for mentor, mentee, score in proposal.pairs:
        verdict = verdicts.get((mentor.id, mentee.id))
        assert forbidden(mentor, mentee, rules, verdict) is None
        assert score.value == score_value(mentor, mentee, weights, rules, verdict)
    load = Counter(mentor.id for mentor, _, _ in proposal.pairs)
    free = {t.id: t.free for t in tutors}
    assert all(count <= free[pk] for pk, count in load.items())
    seen = [mentee.id for _, mentee, _ in proposal.pairs] + [mentee.id for mentee, _ in proposal.unmatched]
    assert sorted(seen) == sorted(m.id for m in learners)
    assert all(reason for _, reason in proposal.unmatched)


@pytest.mark.parametrize("seed", range(30))
def test_the_total_equals_an_exhaustive_search_on_small_worlds(seed: int) -> None:
    rng = random.Random(seed)
    tutors, learners, verdicts = world(rng, rng.randint(1, 6), rng.randint(1, 4))
    weights, rules = random_settings(rng)
    proposal = propose(tutors, learners, weights=weights, rules=rules, verdicts=verdicts)
    check_proposal(proposal, tutors, learners, weights, rules, verdicts)
    scores = reference_scores(tutors, learners, weights, rules, verdicts)
    assert proposal.total == pytest.approx(brute_force(scores, {t.id: t.free for t in tutors}))


@pytest.mark.parametrize("seed", range(15))
def test_the_total_equals_a_linear_program_on_municipalities(seed: int) -> None:
    rng = random.Random(seed)
    tutors, learners, verdicts = world(rng, rng.randint(20, 60), rng.randint(15, 40), municipalities=3, organizations=8)
    weights, rules = random_settings(rng)
    proposal = propose(tutors, learners, weights=weights, rules=rules, verdicts=verdicts)
    check_proposal(proposal, tutors, learners, weights, rules, verdicts)
    scores = reference_scores(tutors, learners, weights, rules, verdicts)
    assert proposal.total == pytest.approx(linear_program(scores, {t.id: t.free for t in tutors}))


@pytest.mark.parametrize("seed", range(10))
def test_municipality_blocks_change_nothing(seed: int) -> None:
    """Scoring by municipality gives what one block of everyone gives when municipalities are unknown
    but the organizations never mix across them."""
    rng = random.Random(seed)
    tutors, learners, verdicts = world(rng, 40, 30, municipalities=4, organizations=10)
    tutors = [t for t in tutors if not t.network_ready]  # without a municipality, network could cross
    blocked = propose(tutors, learners, verdicts=verdicts)
    unknown = propose(
        [MentorFacts(**{**t.__dict__, "municipality_id": None}) for t in tutors],
        [MenteeFacts(**{**m.__dict__, "municipality_id": None}) for m in learners],
        verdicts=verdicts,
    )
    assert blocked.total == pytest.approx(unknown.total)


def test_a_mentor_of_another_municipality_is_never_proposed() -> None:
    rng = random.Random(7)
    tutors, learners, verdicts = world(rng, 50, 40, municipalities=5, organizations=10)
    proposal = propose(tutors, learners, verdicts=verdicts)
    assert proposal.pairs
    assert all(mentor.municipality_id == mentee.municipality_id for mentor, mentee, _ in proposal.pairs)


@pytest.mark.parametrize("seed", range(8))
def test_candidate_lists_keep_each_mentees_best_mentors(seed: int) -> None:
    rng = random.Random(seed)
    tutors, learners, verdicts = world(rng, 60, 40, municipalities=2, organizations=6)
    full = propose(tutors, learners, verdicts=verdicts)
    assert propose(tutors, learners, verdicts=verdicts, candidates=len(tutors)).total == full.total
    only_best = propose(tutors, learners, verdicts=verdicts, candidates=1)
    assert only_best.total <= full.total
    scores = reference_scores(tutors, learners, Weights(), Rules(), verdicts)
    for _, mentee, score in only_best.pairs:
        assert score.value == max(value for (m, _), value in scores.items() if m == mentee.id)


def test_an_empty_candidate_list_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        propose([], [], candidates=0)


def test_the_optimum_beats_first_come_first_served() -> None:
    """Anna fits both mentors, slightly better the expert; Boris fits only the expert. Greedy gives the
    expert to Anna and leaves Boris waiting; the optimum pairs both."""
    expert = MentorFacts(1, 11, "Кравченко", 1, True, frozenset({1, 2}), frozenset(), 20, 1, 1)
    second = MentorFacts(2, 12, "Петрова", 1, True, frozenset({1}), frozenset(), 20, 1, 1)
    anna = MenteeFacts(3, 13, "Анна", 1, {1: "а"}, {}, 1)
    boris = MenteeFacts(4, 14, "Борис", 1, {2: "б"}, {}, 1)
    tutors, learners = [expert, second], [anna, boris]
    verdicts = {(second.id, boris.id): Verdict.NOT_RECOMMENDED, (expert.id, anna.id): Verdict.RECOMMENDED}
    scores = reference_scores(tutors, learners, Weights(), Rules(), verdicts)
    greedy = total(scores, greedy_assignment(scores, {1: 1, 2: 1}))
    proposal = propose(tutors, learners, verdicts=verdicts)
    assert {(t.id, m.id) for t, m, _ in proposal.pairs} == {(1, 4), (2, 3)}
    assert proposal.total > greedy


def test_not_recommended_forbids_the_only_good_pair() -> None:
    mentor = MentorFacts(1, 11, "Кравченко", 1, False, frozenset({1}), frozenset(), 20, 2, 2)
    mentee = MenteeFacts(3, 13, "Анна", 1, {1: "а"}, {}, 1)
    proposal = propose([mentor], [mentee], verdicts={(1, 3): Verdict.NOT_RECOMMENDED})
    assert proposal.pairs == []
    assert proposal.unmatched == [(mentee, "нет подходящего наставника со свободными местами")]
    recommended = propose([mentor], [mentee], verdicts={(1, 3): Verdict.RECOMMENDED})
    possible = propose([mentor], [mentee], verdicts={(1, 3): Verdict.POSSIBLE})
    assert recommended.total == pytest.approx(possible.total + Weights().psychologist)
    assert "педагог-психолог: совместимость рекомендована" in recommended.pairs[0][2].reasons
    assert "педагог-психолог: совместимость возможна" in possible.pairs[0][2].reasons


def test_forbidden_says_why_in_words() -> None:
    head = MentorFacts(1, 11, "Кравченко", 1, False, frozenset(), frozenset(), 12, 1, 2, is_head=True)
    deputy = MenteeFacts(3, 13, "Анна", 1, {}, {}, 10, is_deputy=True)
    stranger = MenteeFacts(4, 14, "Борис", 2, {}, {}, 1)
    assert forbidden(head, deputy) == "руководитель не наставляет своего заместителя"
    assert forbidden(head, deputy, Rules(head_not_deputy=False)) is None
    assert forbidden(head, deputy, Rules(head_not_deputy=False, min_experience_gap=3)) == "разница в стаже меньше 3 лет"
    assert forbidden(head, deputy, Rules(head_not_deputy=False, min_experience_gap=1)) is None
    assert forbidden(head, stranger) == "наставник из другой организации не готов к сетевому наставничеству"
    network = MentorFacts(2, 12, "Петрова", 1, True, frozenset(), frozenset(), None, 1, 1)
    assert forbidden(network, stranger) is None
    assert forbidden(network, stranger, Rules(own_organization_only=True)) == (
        "в муниципалитете наставничество только внутри своей организации"
    )
    assert forbidden(network, stranger, Rules(min_experience_gap=21)) == (
        "стаж наставника не указан, а нужна разница в стаже не меньше 21 года"
    )
