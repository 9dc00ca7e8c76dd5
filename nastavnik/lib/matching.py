"""The globally best assignment of mentees to mentors (DESIGN §4.6): an exact optimum, not greedy.

Given a compatibility score for each allowed (mentee, mentor) pair and each mentor's free places, find
the assignment with the largest total score in which no mentor exceeds their places and a mentee gets
at most one mentor. Pairs that break a hard constraint are simply absent from the scores. A mentee with
no allowed mentor (or whose every mentor is full) stays unassigned.

How it is solved, exactly for the graph of allowed pairs it is given:

1. The graph splits into independent components (mentees and mentors joined by allowed pairs: usually
   a municipality, or an organization when network mentoring is off); each is solved on its own, so a
   region of 30,000 mentees is thirty problems of a thousand, not one of thirty thousand.
2. In a component each mentor becomes as many columns as they have places (never more than the mentees
   they may take), and each mentee gets a column of its own meaning «no mentor».
3. A dense component goes to scipy's ``linear_sum_assignment`` on the negated scores; a sparse one (the
   candidate lists of a region) to ``min_weight_full_bipartite_matching`` with cost ``top − score``, where
   «no mentor» costs ``top``: every mentee is matched to a column, so the total cost is
   ``mentees × top − total score`` and the least cost is the largest total.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

MenteeId = TypeVar("MenteeId", bound=Hashable)
MentorId = TypeVar("MentorId", bound=Hashable)

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# A component is solved dense when its pairs fill at least this share of the dense cost matrix.
DENSE_SHARE = 0.25


def solve(mentee: Ints, mentor: Ints, value: Floats, places: Ints, *, mentees: int, decompose: bool = True) -> Ints:
    """The mentor index for each of ``mentees`` mentee indices (−1: none), maximising the total ``value``.

    Edges are given as parallel arrays: mentee index, mentor index, score; only scores above 0 count,
    and each (mentee, mentor) pair at most once. ``places[j]`` is mentor j's free places.
    """
    mentee, mentor = np.asarray(mentee, dtype=np.int64), np.asarray(mentor, dtype=np.int64)
    value, places = np.asarray(value, dtype=np.float64), np.asarray(places, dtype=np.int64)
    keep = (value > 0) & (places[mentor] > 0)
    mentee, mentor, value = mentee[keep], mentor[keep], value[keep]
    n_mentees = mentees
    result = np.full(n_mentees, -1, dtype=np.int64)
    if not len(value):
        return result
    if not decompose:
        _solve_component(mentee, mentor, value, places, result)
        return result
    n_mentors = len(places)
    graph = coo_array(
        (np.ones(len(value)), (mentee, n_mentees + mentor)), shape=(n_mentees + n_mentors, n_mentees + n_mentors)
    )
    _, label = connected_components(graph, directed=False)
    edge_label = label[mentee]
    order = np.argsort(edge_label, kind="stable")
    bounds = np.flatnonzero(np.diff(edge_label[order])) + 1
    for part in np.split(order, bounds):
        _solve_component(mentee[part], mentor[part], value[part], places, result)
    return result


def _solve_component(mentee: Ints, mentor: Ints, value: Floats, places: Ints, result: Ints) -> None:
    """Solve one component in place of ``result``; the indices are global, renumbered here."""
    rows, row = np.unique(mentee, return_inverse=True)
    mentors, col = np.unique(mentor, return_inverse=True)
    n = len(rows)
    # A mentor needs no more columns than the mentees who may take them.
    wanted = np.bincount(col, minlength=len(mentors))
    counts = np.minimum(places[mentors], wanted)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    n_slots = int(counts.sum())
    slot_mentor = np.repeat(np.arange(len(mentors)), counts)
    # Every edge once for each place of its mentor.
    copies = counts[col]
    edge = np.repeat(np.arange(len(value)), copies)
    place = np.arange(len(edge)) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_row, edge_slot, edge_value = row[edge], first[col[edge]] + place, value[edge]
    width = n_slots + n
    if len(edge) >= DENSE_SHARE * n * width:
        cost = np.full((n, width), np.inf)
        cost[np.arange(n), n_slots + np.arange(n)] = 0.0  # «no mentor»
        cost[edge_row, edge_slot] = -edge_value
        chosen_rows, chosen_cols = linear_sum_assignment(cost)
    else:
        top = float(edge_value.max()) + 1.0
        graph = csr_array(
            (
                np.concatenate((top - edge_value, np.full(n, top))),
                (np.concatenate((edge_row, np.arange(n))), np.concatenate((edge_slot, n_slots + np.arange(n)))),
            ),
            shape=(n, width),
        )
        chosen_rows, chosen_cols = min_weight_full_bipartite_matching(graph)
    taken = chosen_cols < n_slots
    result[rows[chosen_rows[taken]]] = mentors[slot_mentor[chosen_cols[taken]]]


def best_assignment(
    scores: Mapping[tuple[MenteeId, MentorId], float],
    places: Mapping[MentorId, int],
    *,
    decompose: bool = True,
) -> dict[MenteeId, MentorId]:
    """Mentee → mentor maximising the total score; only pairs in ``scores`` with a score above 0."""
    mentees = list(dict.fromkeys(mentee for mentee, _ in scores))
    mentors = list(places)
    row_of = {mentee: i for i, mentee in enumerate(mentees)}
    mentor_of = {mentor: j for j, mentor in enumerate(mentors)}
    edges = [(row_of[m], mentor_of[t], s) for (m, t), s in scores.items() if t in mentor_of]
    if not edges:
        return {}
    rows, cols, values = (np.array(column) for column in zip(*edges, strict=True))
    chosen = solve(
        rows,
        cols,
        values.astype(np.float64),
        np.array([places[t] for t in mentors]),
        mentees=len(mentees),
        decompose=decompose,
    )
    return {mentees[i]: mentors[j] for i, j in enumerate(chosen.tolist()) if j >= 0}


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
