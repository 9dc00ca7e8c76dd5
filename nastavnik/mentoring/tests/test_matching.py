"""Proposals: scores with reasons in words, hard constraints, the optimum, and the command."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from nastavnik.factory import make_consent, make_mentee, make_mentor, make_organization, make_person
from nastavnik.mentoring.matching import Weights, compatibility, mentee_facts, mentor_facts, propose
from nastavnik.mentoring.models import Difficulty, Mentee, Mentor, Mentorship
from nastavnik.people.models import Subject

ON = date(2025, 3, 1)


def person_in(organization, **fields):  # type: ignore[no-untyped-def]
    person = make_person(organization=organization, **fields)
    make_consent(person)
    return person


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    school = make_organization()
    other = make_organization(municipality=school.municipality)
    difficulties = list(Difficulty.objects.order_by("order")[:4])
    maths = Subject.objects.get(name="Математика")
    expert = make_mentor(person_in(school, experience_start=date(2000, 9, 1)), capacity=1)
    expert.competencies.set(difficulties[:3])
    expert.subjects.set([maths])
    outsider = make_mentor(person_in(other, experience_start=date(2010, 9, 1)), capacity=1, network_ready=True)
    outsider.competencies.set(difficulties[:1])
    closed = make_mentor(person_in(other), capacity=3, network_ready=False)
    closed.competencies.set(difficulties)
    young = person_in(school, experience_start=date(2023, 9, 1))
    young.subjects.set([maths])
    mentee = make_mentee(young)
    mentee.difficulties.set(difficulties)
    second = make_mentee(person_in(school))
    second.difficulties.set(difficulties[:1])
    return {"school": school, "expert": expert, "outsider": outsider, "closed": closed, "mentee": mentee}


def facts():  # type: ignore[no-untyped-def]
    return mentor_facts(Mentor.objects.all(), ON), mentee_facts(Mentee.objects.all(), ON)


def test_a_score_is_explained_in_words(world):  # type: ignore[no-untyped-def]
    mentors, mentees = facts()
    expert = next(m for m in mentors if m.id == world["expert"].pk)
    mentee = next(m for m in mentees if m.id == world["mentee"].pk)
    score = compatibility(expert, mentee, Weights())
    assert score is not None
    assert score.reasons[0].startswith("закрывает 3 из 4 затруднений: ")
    assert "тот же предмет: математика" in score.reasons
    assert "одна организация" in score.reasons
    assert "стаж больше на 23 года" in score.reasons
    assert score.value == pytest.approx(6 * 3 / 4 + 2 + 2 + 1 + 1)


def test_another_school_without_network_readiness_is_a_hard_no(world):  # type: ignore[no-untyped-def]
    mentors, mentees = facts()
    closed = next(m for m in mentors if m.id == world["closed"].pk)
    assert all(compatibility(closed, mentee, Weights()) is None for mentee in mentees)


def test_the_proposal_gives_each_mentee_the_best_overall_and_says_why_others_wait(world):  # type: ignore[no-untyped-def]
    proposal = propose(*facts())
    pairs = {(mentor.id, mentee.id) for mentor, mentee, _ in proposal.pairs}
    assert (world["expert"].pk, world["mentee"].pk) in pairs
    assert len(proposal.pairs) == 2  # the second mentee goes to the network mentor
    assert proposal.unmatched == []


def test_the_command_prints_json_and_writes_nothing(world):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("match", "--municipality", str(world["school"].municipality_id), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] == pytest.approx(sum(pair["score"] for pair in data["pairs"]))
    assert {pair["mentee"] for pair in data["pairs"]} == set(Mentee.objects.values_list("pk", flat=True))
    assert all(pair["reasons"] for pair in data["pairs"])
    assert Mentorship.objects.count() == 0
    assert Mentee.objects.filter(status="waiting").count() == 2
