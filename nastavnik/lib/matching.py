"""The globally best assignment of mentees to mentors (DESIGN §4.6): an exact optimum, not greedy.

Given a compatibility score for each allowed (mentee, mentor) pair and each mentor's free places, find
the assignment with the largest total score in which no mentor exceeds their places and a mentee gets
at most one mentor. Pairs that break a hard constraint are simply absent from ``scores``. A mentee with
no allowed mentor (or whose every mentor is full) stays unassigned.

Each mentor becomes as many columns as they have places (never more than there are mentees), each
mentee also gets a column of its own meaning «no mentor» at cost 0, and scipy's Hungarian solver
(``linear_sum_assignment``) minimises the negated scores.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

MenteeId = TypeVar("MenteeId", bound=Hashable)
MentorId = TypeVar("MentorId", bound=Hashable)

# Larger than any total of real scores: a forbidden cell is never worth taking.
_FORBIDDEN = 1e12


def best_assignment(
    scores: Mapping[tuple[MenteeId, MentorId], float],
    places: Mapping[MentorId, int],
) -> dict[MenteeId, MentorId]:
    """Mentee → mentor maximising the total score; only pairs in ``scores`` with a score above 0."""
    mentees = sorted({mentee for mentee, _ in scores}, key=repr)
    if not mentees:
        return {}
    mentors = sorted(places, key=repr)
    counts = np.array([max(0, min(places[mentor], len(mentees))) for mentor in mentors], dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(counts)[:-1])) if len(mentors) else np.zeros(0, dtype=np.int64)
    n_slots = int(counts.sum())
    slots = [mentor for mentor, count in zip(mentors, counts, strict=True) for _ in range(count)]

    row_of = {mentee: i for i, mentee in enumerate(mentees)}
    mentor_of = {mentor: j for j, mentor in enumerate(mentors)}
    pairs = [(row_of[m], mentor_of[t], s) for (m, t), s in scores.items() if s > 0 and t in mentor_of]
    cost = np.full((len(mentees), n_slots + len(mentees)), _FORBIDDEN)
    cost[np.arange(len(mentees)), n_slots + np.arange(len(mentees))] = 0.0  # «no mentor»
    if pairs:
        rows, mentor_ids, values = (np.array(column) for column in zip(*pairs, strict=True))
        for place in range(int(counts.max(initial=0))):
            has = counts[mentor_ids] > place
            cost[rows[has], first[mentor_ids[has]] + place] = -values[has]

    chosen_rows, chosen_cols = linear_sum_assignment(cost)
    return {
        mentees[i]: slots[j] for i, j in zip(chosen_rows, chosen_cols, strict=True) if j < n_slots and cost[i, j] < 0
    }


def total(scores: Mapping[tuple[MenteeId, MentorId], float], assignment: Mapping[MenteeId, MentorId]) -> float:
    return sum(scores[(mentee, mentor)] for mentee, mentor in assignment.items())


def greedy_assignment(
    scores: Mapping[tuple[MenteeId, MentorId], float],
    places: Mapping[MentorId, int],
) -> dict[MenteeId, MentorId]:
    """First come, best pair first: what a person does by hand. Kept to show the optimum beats it."""
    left = dict(places)
    result: dict[MenteeId, MentorId] = {}
    for (mentee, mentor), score in sorted(scores.items(), key=lambda item: -item[1]):
        if score > 0 and mentee not in result and left.get(mentor, 0) > 0:
            result[mentee] = mentor
            left[mentor] -= 1
    return result
