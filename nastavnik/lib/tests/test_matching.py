"""The assignment is the exact optimum (checked against brute force and a linear program), respects
places and constraints, and solving component by component changes nothing."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from nastavnik.lib import matching
from nastavnik.lib.matching import best_assignment, greedy_assignment, total

Scores = dict[tuple[str, str], float]


def brute_force(scores: Scores, places: dict[str, int]) -> float:
    mentees = sorted({m for m, _ in scores})
    options = {m: [None, *[t for (mm, t), s in scores.items() if mm == m and s > 0]] for m in mentees}
    best = 0.0
    for choice in itertools.product(*(options[m] for m in mentees)):
        used: dict[str, int] = {}
        for mentor in choice:
            if mentor is not None:
                used[mentor] = used.get(mentor, 0) + 1
        if all(count <= places[mentor] for mentor, count in used.items()):
            value = sum(scores[(m, t)] for m, t in zip(mentees, choice, strict=True) if t is not None)
            best = max(best, value)
    return best


def linear_program(scores: Scores, places: dict[str, int]) -> float:
    """The same problem as a linear program (its matrix is totally unimodular, so the optimum is whole)."""
    edges = [(pair, value) for pair, value in scores.items() if value > 0]
    if not edges:
        return 0.0
    mentees = sorted({m for (m, _), _ in edges})
    mentors = sorted(places)
    rows = np.zeros((len(mentees) + len(mentors), len(edges)))
    for k, ((mentee, mentor), _) in enumerate(edges):
        rows[mentees.index(mentee), k] = 1
        rows[len(mentees) + mentors.index(mentor), k] = 1
    limits = [1] * len(mentees) + [places[t] for t in mentors]
    result = linprog([-value for _, value in edges], A_ub=rows, b_ub=limits, bounds=(0, 1), method="highs")
    assert result.status == 0
    return float(-result.fun)


def random_instance(rng: random.Random, mentees: int, mentors: int, density: float, groups: int = 1):
    """Mentees and mentors in ``groups`` independent groups (municipalities): pairs only inside a group."""
    names = [f"m{i}" for i in range(mentees)]
    tutors = [f"t{i}" for i in range(mentors)]
    group = {name: rng.randrange(groups) for name in names + tutors}
    places = {t: rng.randint(0, 3) for t in tutors}
    scores = {
        (m, t): round(rng.uniform(0, 10), 2)
        for m in names
        for t in tutors
        if group[m] == group[t] and rng.random() < density
    }
    return scores, places


def check(scores: Scores, places: dict[str, int], assignment: dict[str, str]) -> None:
    for mentor, count in _counts(assignment).items():
        assert count <= places[mentor]
    assert all(scores.get((m, t), 0) > 0 for m, t in assignment.items())


@pytest.mark.parametrize("seed", range(25))
def test_the_total_equals_an_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    mentees = [f"m{i}" for i in range(rng.randint(1, 6))]
    mentors = [f"t{i}" for i in range(rng.randint(1, 4))]
    places = {t: rng.randint(0, 2) for t in mentors}
    scores = {(m, t): round(rng.uniform(0, 10), 2) for m in mentees for t in mentors if rng.random() < 0.7}
    for decompose in (True, False):
        assignment = best_assignment(scores, places, decompose=decompose)
        assert total(scores, assignment) == pytest.approx(brute_force(scores, places))
        check(scores, places, assignment)


@pytest.mark.parametrize("dense_share", [0.0, 2.0])  # every component dense, every component sparse
@pytest.mark.parametrize("seed", range(12))
def test_the_total_equals_a_linear_program_on_larger_instances(seed: int, dense_share: float, monkeypatch) -> None:
    monkeypatch.setattr(matching, "DENSE_SHARE", dense_share)
    rng = random.Random(seed)
    scores, places = random_instance(rng, rng.randint(10, 40), rng.randint(5, 25), rng.uniform(0.1, 0.9))
    assignment = best_assignment(scores, places)
    assert total(scores, assignment) == pytest.approx(linear_program(scores, places))
    check(scores, places, assignment)


@pytest.mark.parametrize("seed", range(15))
def test_solving_each_component_alone_gives_the_same_total(seed: int) -> None:
    rng = random.Random(seed)
    scores, places = random_instance(rng, rng.randint(20, 60), rng.randint(10, 40), 0.3, groups=rng.randint(2, 6))
    apart = best_assignment(scores, places)
    whole = best_assignment(scores, places, decompose=False)
    assert total(scores, apart) == pytest.approx(total(scores, whole))
    check(scores, places, apart)


def test_it_beats_first_come_first_served() -> None:
    # Anna's best mentor is also Boris's only one: greedy gives him away, the optimum does not.
    scores = {("Анна", "Кравченко"): 9.0, ("Анна", "Петрова"): 8.0, ("Борис", "Кравченко"): 7.0}
    places = {"Кравченко": 1, "Петрова": 1}
    assert total(scores, greedy_assignment(scores, places)) == 9.0
    assert best_assignment(scores, places) == {"Анна": "Петрова", "Борис": "Кравченко"}


def test_a_mentee_without_an_allowed_mentor_stays_waiting() -> None:
    scores = {("Анна", "Кравченко"): 5.0, ("Борис", "Кравченко"): 0.0}
    assert best_assignment(scores, {"Кравченко": 2}) == {"Анна": "Кравченко"}


def test_a_full_mentor_takes_no_one() -> None:
    assert best_assignment({("Анна", "Кравченко"): 5.0}, {"Кравченко": 0}) == {}


def test_a_mentor_with_many_places_takes_everyone_who_fits() -> None:
    scores = {(f"m{i}", "Кравченко"): 1.0 + i for i in range(5)}
    assert best_assignment(scores, {"Кравченко": 3}) == {"m4": "Кравченко", "m3": "Кравченко", "m2": "Кравченко"}


def _counts(assignment: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for mentor in assignment.values():
        counts[mentor] = counts.get(mentor, 0) + 1
    return counts
