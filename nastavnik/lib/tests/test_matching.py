"""The assignment is the exact optimum (checked against brute force), respects places and constraints."""

from __future__ import annotations

import itertools
import random

import pytest

from nastavnik.lib.matching import best_assignment, greedy_assignment, total


def brute_force(scores: dict[tuple[str, str], float], places: dict[str, int]) -> float:
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


@pytest.mark.parametrize("seed", range(25))
def test_the_total_equals_an_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    mentees = [f"m{i}" for i in range(rng.randint(1, 6))]
    mentors = [f"t{i}" for i in range(rng.randint(1, 4))]
    places = {t: rng.randint(0, 2) for t in mentors}
    scores = {(m, t): round(rng.uniform(0, 10), 2) for m in mentees for t in mentors if rng.random() < 0.7}
    assignment = best_assignment(scores, places)
    assert total(scores, assignment) == pytest.approx(brute_force(scores, places))
    for mentor, count in _counts(assignment).items():
        assert count <= places[mentor]
    assert all((m, t) in scores for m, t in assignment.items())


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


def _counts(assignment: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for mentor in assignment.values():
        counts[mentor] = counts.get(mentor, 0) + 1
    return counts
