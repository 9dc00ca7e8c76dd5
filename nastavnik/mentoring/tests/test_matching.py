"""Proposals: scores with reasons in words, hard constraints, the optimum, and the command."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from nastavnik.factory import (
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_organization,
    make_person,
)
from nastavnik.mentoring.matching import (
    Weights,
    compatibility,
    mentee_facts,
    mentor_facts,
    proposal_for,
    propose,
    score_pair,
)
from nastavnik.mentoring.models import (
    CompatibilityNote,
    Difficulty,
    Mentee,
    Mentor,
    Mentorship,
    MentorshipStatus,
    Participant,
    Verdict,
)
from nastavnik.orgs.models import MATCH_WEIGHTS
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


def municipality_of(world):  # type: ignore[no-untyped-def]
    return world["school"].municipality


def propose_in(municipality):  # type: ignore[no-untyped-def]
    return proposal_for(
        mentors=Mentor.objects.filter(person__organization__municipality=municipality),
        mentees=Mentee.objects.filter(person__organization__municipality=municipality),
        municipality=municipality,
        on=ON,
    )


def test_only_own_organization_gives_no_cross_organization_pairs(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    assert any(t.organization_id != m.organization_id for t, m, _ in propose_in(municipality).pairs)
    municipality.match_own_organization_only = True
    municipality.save()
    proposal = propose_in(municipality)
    assert [(t.id, m.id) for t, m, _ in proposal.pairs] == [(world["expert"].pk, world["mentee"].pk)]
    assert [reason for _, reason in proposal.unmatched] == [
        "подходящие наставники заняты теми, кому они подходят больше"
    ]


def test_the_municipalitys_weights_make_the_scores(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    assert propose_in(municipality).total > 2
    for name in MATCH_WEIGHTS:
        setattr(municipality, name, 0.0)
    municipality.match_free_places = 1.0
    municipality.save()
    proposal = propose_in(municipality)
    assert [score.value for _, _, score in proposal.pairs] == [1.0, 1.0]  # all places free, nothing else counts


def test_the_psychologists_recommendation_can_move_a_mentee(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    CompatibilityNote.objects.create(mentor=world["outsider"], mentee=world["mentee"], verdict=Verdict.RECOMMENDED)
    pairs = {(t.id, m.id): score for t, m, score in propose_in(municipality).pairs}
    assert (world["expert"].pk, world["mentee"].pk) in pairs  # 2 points are not enough to outweigh the expert
    municipality.match_psychologist = 20
    municipality.save()
    pairs = {(t.id, m.id): score for t, m, score in propose_in(municipality).pairs}
    score = pairs[(world["outsider"].pk, world["mentee"].pk)]
    assert "педагог-психолог: совместимость рекомендована" in score.reasons


def test_not_recommended_is_never_proposed_and_says_why(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    CompatibilityNote.objects.create(mentor=world["expert"], mentee=world["mentee"], verdict=Verdict.NOT_RECOMMENDED)
    pairs = {(t.id, m.id) for t, m, _ in propose_in(municipality).pairs}
    assert (world["expert"].pk, world["mentee"].pk) not in pairs
    assert pairs  # the others still are
    score, reason = score_pair(mentor=world["expert"], mentee=world["mentee"], municipality=municipality, on=ON)
    assert (score, reason) == (None, "педагог-психолог не рекомендует эту пару")


def test_score_pair_scores_a_pair_chosen_by_hand(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    score, reason = score_pair(mentor=world["outsider"], mentee=world["mentee"], municipality=municipality, on=ON)
    assert reason == ""
    assert score is not None
    assert "сетевое наставничество (другая организация)" in score.reasons
    assert score.value == pytest.approx(0.5 + 6 * 1 / 4 + 1 + 1)
    score, reason = score_pair(mentor=world["closed"], mentee=world["mentee"], municipality=municipality, on=ON)
    assert (score, reason) == (None, "наставник из другой организации не готов к сетевому наставничеству")


def test_a_head_does_not_mentor_their_deputy_unless_the_municipality_allows(db):  # type: ignore[no-untyped-def]
    school = make_organization()
    director = make_mentor(person_in(school, position="Директор", experience_start=date(1995, 9, 1)))
    deputy = make_mentee(person_in(school, position="заместитель директора по УВР"))
    teacher = make_mentee(person_in(school, position="учитель математики"))
    municipality = school.municipality
    assert [m.id for _, m, _ in propose_in(municipality).pairs] == [teacher.pk]
    score, reason = score_pair(mentor=director, mentee=deputy, municipality=municipality, on=ON)
    assert (score, reason) == (None, "руководитель не наставляет своего заместителя")
    municipality.match_head_not_deputy = False
    municipality.save()
    assert {m.id for _, m, _ in propose_in(municipality).pairs} == {teacher.pk, deputy.pk}


def test_a_minimum_experience_gap_is_a_hard_constraint(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    municipality.match_min_experience_gap = 20
    municipality.save()
    proposal = propose_in(municipality)
    assert [(t.id, m.id) for t, m, _ in proposal.pairs] == [(world["expert"].pk, world["mentee"].pk)]
    score, reason = score_pair(mentor=world["outsider"], mentee=world["mentee"], municipality=municipality, on=ON)
    assert (score, reason) == (None, "разница в стаже меньше 20 лет")


def test_free_places_count_only_current_participants_of_open_pairs(db):  # type: ignore[no-untyped-def]
    school = make_organization()
    mentor = make_mentor(person_in(school, experience_start=date(2000, 9, 1)), capacity=3)
    today = timezone.localdate()
    pairs = [
        make_mentorship(mentors=[mentor], mentees=[make_mentee(person_in(school))], started_on=today) for _ in range(3)
    ]

    def free() -> int:
        return mentor_facts(Mentor.objects.filter(pk=mentor.pk), ON)[0].free

    assert free() == 0
    Participant.objects.filter(mentorship=pairs[0], person=mentor.person).update(left_on=date(2025, 1, 10))
    assert free() == 1
    Mentorship.objects.filter(pk=pairs[1].pk).update(status=MentorshipStatus.COMPLETED)
    assert free() == 2


def test_the_command_reads_the_municipalitys_settings(world):  # type: ignore[no-untyped-def]
    municipality = municipality_of(world)
    municipality.match_own_organization_only = True
    municipality.save()
    out = io.StringIO()
    call_command("match", "--municipality", str(municipality.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"pairs", "unmatched", "total"}
    assert [(pair["mentor"], pair["mentee"]) for pair in data["pairs"]] == [(world["expert"].pk, world["mentee"].pk)]
    assert data["unmatched"] == [
        {"mentee": Mentee.objects.exclude(pk=world["mentee"].pk).get().pk, "reason": data["unmatched"][0]["reason"]}
    ]
    assert data["unmatched"][0]["reason"]
