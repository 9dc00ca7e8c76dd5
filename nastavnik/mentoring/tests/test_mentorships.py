"""Pairs and groups: the rules of forming them, their lifecycle, and capacity under concurrent requests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from nastavnik.factory import make_consent, make_mentee, make_mentor, make_organization, make_person
from nastavnik.mentoring import services
from nastavnik.mentoring.models import (
    Difficulty,
    EndReason,
    Mentee,
    MenteeStatus,
    Mentorship,
    MentorshipStatus,
    Participant,
)

TODAY = timezone.localdate()


def create(mentor, *mentees, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "organization": mentor.person.organization,
        "pairing": "teacher_teacher",
        "kinds": ["traditional"],
        "mentors": [mentor],
        "mentees": list(mentees),
        "started_on": TODAY,
        "planned_end_on": TODAY + timedelta(days=270),
        "by": None,
    }
    fields.update(overrides)
    return services.mentorship_create(**fields)


def mentee_in(organization, **overrides):  # type: ignore[no-untyped-def]
    person = make_person(organization=organization)
    make_consent(person)
    return make_mentee(person, **{"requested_on": TODAY - timedelta(days=10), **overrides})


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    return make_organization()


@pytest.fixture
def mentor(school):  # type: ignore[no-untyped-def]
    person = make_person(organization=school)
    make_consent(person)
    return make_mentor(person, capacity=2)


def test_a_pair_is_formed_as_a_draft_with_its_history(mentor, school):  # type: ignore[no-untyped-def]
    mentee = mentee_in(school)
    pair = create(mentor, mentee)
    assert pair.status == MentorshipStatus.DRAFT
    assert sorted(Participant.objects.filter(mentorship=pair).values_list("role", flat=True)) == ["mentee", "mentor"]
    assert Mentee.objects.get(pk=mentee.pk).status == MenteeStatus.PAIRED
    assert list(pair.status_changes.values_list("old_status", "new_status")) == [("", "draft")]


def test_a_group_over_the_mentors_places_is_refused_with_the_numbers(mentor, school):  # type: ignore[no-untyped-def]
    create(mentor, mentee_in(school))
    with pytest.raises(ValidationError, match="занято 1 из 2"):
        create(mentor, mentee_in(school), mentee_in(school))
    assert Mentorship.objects.count() == 1


def test_ending_a_pair_frees_the_place_and_the_mentee_waits_again(mentor, school):  # type: ignore[no-untyped-def]
    first = mentee_in(school)
    pair = create(mentor, first, mentee_in(school))
    services.mentorship_transition(
        mentorship=pair, to=MentorshipStatus.ENDED_EARLY, by=None, on=TODAY, reason=EndReason.MENTEE_REQUEST
    )
    assert Mentee.objects.get(pk=first.pk).status == MenteeStatus.WAITING
    create(mentor, mentee_in(school), mentee_in(school))  # two places again


def test_people_without_consent_or_not_waiting_cannot_enter(mentor, school):  # type: ignore[no-untyped-def]
    no_consent = make_mentee(make_person(organization=school), requested_on=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        create(mentor, no_consent)
    finished = mentee_in(school, status=MenteeStatus.FINISHED)
    with pytest.raises(ValidationError, match="не ожидает наставника"):
        create(mentor, finished)


def test_a_pair_cannot_start_before_its_people_are_in_the_banks(mentor, school):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="раньше, чем .* внесен"):
        create(mentor, mentee_in(school), started_on=TODAY - timedelta(days=1))  # the mentor entered today
    with pytest.raises(ValidationError, match="раньше запроса наставляемого"):
        create(mentor, mentee_in(school, requested_on=TODAY + timedelta(days=5)))


def test_the_lifecycle_follows_its_order_and_approval_needs_the_order(mentor, school):  # type: ignore[no-untyped-def]
    mentee = mentee_in(school)
    pair = create(mentor, mentee)
    with pytest.raises(ValidationError, match="нельзя перевести"):
        services.mentorship_transition(mentorship=pair, to=MentorshipStatus.ACTIVE, by=None, on=TODAY)
    with pytest.raises(ValidationError, match="номер и дату приказа"):
        services.mentorship_transition(mentorship=pair, to=MentorshipStatus.APPROVED, by=None, on=TODAY)
    Mentorship.objects.filter(pk=pair.pk).update(order_number="45-ОД", order_date=TODAY)
    with pytest.raises(ValidationError, match="согласие на дополнительные обязанности"):
        services.mentorship_transition(mentorship=pair, to=MentorshipStatus.APPROVED, by=None, on=TODAY)
    pair.participants.update(duties_consent_on=TODAY)
    for status in (MentorshipStatus.APPROVED, MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED):
        pair = services.mentorship_transition(mentorship=pair, to=status, by=None, on=TODAY)
    assert pair.ended_on == TODAY
    assert Mentee.objects.get(pk=mentee.pk).status == MenteeStatus.FINISHED
    assert pair.status_changes.count() == 4
    with pytest.raises(ValidationError):
        services.mentorship_transition(
            mentorship=pair, to=MentorshipStatus.ENDED_EARLY, by=None, on=TODAY, reason=EndReason.LEFT
        )


def at_once(attempts: list[Callable[[], object]]) -> list[str]:
    """Run the attempts in threads released together; «ok» or «refused» (ValidationError) for each."""
    outcomes: list[str] = []
    start = threading.Barrier(len(attempts))

    def run(attempt: Callable[[], object]) -> None:
        try:
            start.wait()
            attempt()
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the in-memory test database locks tables instead of waiting")
@pytest.mark.django_db(transaction=True)
def test_capacity_holds_when_many_curators_pair_the_same_mentor_at_once():
    school = make_organization()
    person = make_person(organization=school)
    make_consent(person)
    mentor = make_mentor(person, capacity=2)
    mentees = [mentee_in(school) for _ in range(10)]
    outcomes = at_once([partial(create, mentor, mentee) for mentee in mentees])
    assert outcomes.count("ok") == 2
    assert outcomes.count("refused") == 8
    assert Participant.objects.filter(person=person, role="mentor").count() == 2


def test_a_mentee_has_one_open_pair_per_difficulty(mentor, school):  # type: ignore[no-untyped-def]
    lessons, digital = Difficulty.objects.all()[:2]
    mentee = mentee_in(school)
    mentee.difficulties.set([lessons, digital])
    create(mentor, mentee, difficulties=[lessons])
    other = make_mentor(consenting(school), capacity=2)
    with pytest.raises(ValidationError, match=f"уже есть действующая пара по затруднению «{lessons.name}»"):
        create(other, Mentee.objects.get(pk=mentee.pk), difficulties=[lessons, digital])
    second = create(other, Mentee.objects.get(pk=mentee.pk), difficulties=[digital])
    assert set(second.difficulties.all()) == {digital}
    services.mentorship_transition(
        mentorship=second, to=MentorshipStatus.ENDED_EARLY, by=None, on=TODAY, reason=EndReason.AGREEMENT
    )
    assert Mentee.objects.get(pk=mentee.pk).status == MenteeStatus.PAIRED  # the first pair goes on


def test_a_pair_takes_the_mentees_difficulties_by_default(mentor, school):  # type: ignore[no-untyped-def]
    mentee = mentee_in(school)
    mentee.difficulties.set(Difficulty.objects.all()[:3])
    pair = create(mentor, mentee)
    assert set(pair.difficulties.all()) == set(Difficulty.objects.all()[:3])


def test_approving_a_proposal_creates_all_pairs_or_none(mentor, school):  # type: ignore[no-untyped-def]
    first, second, third = (mentee_in(school) for _ in range(3))
    pairs = [(mentor, first), (mentor, second), (mentor, third)]  # the third is over the places
    with pytest.raises(ValidationError, match=f"Пара «{mentor.person.full_name} — {third.person.full_name}»"):
        services.mentorships_create_many(
            organization_of={m.pk: school for m in (first, second, third)},
            pairs=pairs,
            pairing="teacher_teacher",
            kinds=["traditional"],
            started_on=TODAY,
            planned_end_on=TODAY + timedelta(days=200),
            by=None,  # type: ignore[arg-type]
        )
    assert Mentorship.objects.count() == 0
    assert Mentee.objects.filter(status=MenteeStatus.WAITING).count() == 3


def consenting(school):  # type: ignore[no-untyped-def]
    person = make_person(organization=school)
    make_consent(person)
    return person


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the in-memory test database locks tables instead of waiting")
@pytest.mark.django_db(transaction=True)
def test_a_mentee_gets_one_pair_when_many_curators_pair_them_at_once():
    school = make_organization()
    mentee = mentee_in(school)
    mentors = [make_mentor(consenting(school), capacity=2) for _ in range(8)]
    outcomes = at_once([partial(create, mentor, mentee) for mentor in mentors])
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    assert Participant.objects.filter(person=mentee.person).count() == 1
