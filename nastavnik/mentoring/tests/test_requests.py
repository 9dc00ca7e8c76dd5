"""A mentee asks for another mentor, a mentor asks to resign; the curator decides (положение §1.14.4, §1.11.7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.factory import (
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_organization,
    make_person,
    make_user,
)
from nastavnik.mentoring import services
from nastavnik.mentoring.models import MentorshipStatus, Participant, RequestKind, RequestStatus

TODAY = timezone.localdate()


def consenting(school):  # type: ignore[no-untyped-def]
    person = make_person(organization=school)
    make_consent(person)
    return person


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    school = make_organization()
    mentor = make_mentor(consenting(school))
    mentee = make_mentee(consenting(school), requested_on=TODAY - timedelta(days=3))
    pair = make_mentorship(mentors=[mentor], mentees=[mentee], started_on=TODAY)
    curator = make_user(Role.CURATOR, school)
    return school, mentor, mentee, pair, curator


def test_a_mentee_asks_for_another_mentor_and_the_curator_replaces_him(world):  # type: ignore[no-untyped-def]
    school, mentor, mentee, pair, curator = world
    request = services.request_create(mentorship=pair, person=mentee.person, reason="Не совпадаем по графику")
    assert request.kind == RequestKind.REPLACE_MENTOR
    new = make_mentor(consenting(school))
    services.request_decide(request=request, grant=True, note="", replacement=new, by=curator)
    current = pair.participants.current().filter(role="mentor").get()
    assert current.person == new.person and current.joined_on == TODAY
    assert Participant.objects.get(mentorship=pair, person=mentor.person).left_on == TODAY
    request.refresh_from_db()
    assert (request.status, request.replacement, request.decided_by) == (RequestStatus.GRANTED, new, curator)
    assert pair.status_changes.last().note == f"Смена наставника: {mentor.person.full_name} → {new.person.full_name}"
    # the place of the old mentor is free again
    services.mentorship_create(
        organization=school,
        pairing="teacher_teacher",
        kinds=["traditional"],
        mentors=[mentor],
        mentees=[
            make_mentee(consenting(school), requested_on=TODAY),
            make_mentee(consenting(school), requested_on=TODAY),
        ],
        started_on=TODAY,
        planned_end_on=TODAY + timedelta(days=100),
        by=curator,
    )


def test_a_mentor_resigns_without_replacement_and_the_pair_ends_early(world):  # type: ignore[no-untyped-def]
    school, mentor, mentee, pair, curator = world
    request = services.request_create(mentorship=pair, person=mentor.person, reason="Перехожу в другую школу")
    assert request.kind == RequestKind.RESIGN
    services.request_decide(request=request, grant=True, note="", replacement=None, by=curator)
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (MentorshipStatus.ENDED_EARLY, "mentor_request")
    mentee.refresh_from_db()
    assert mentee.status == "waiting"


def test_a_refusal_needs_a_reason_and_one_decision_only(world):  # type: ignore[no-untyped-def]
    school, mentor, mentee, pair, curator = world
    request = services.request_create(mentorship=pair, person=mentee.person, reason="Хочу другого")
    with pytest.raises(ValidationError, match="причину отказа"):
        services.request_decide(request=request, grant=False, note=" ", replacement=None, by=curator)
    services.request_decide(
        request=request, grant=False, note="Пара работает второй месяц", replacement=None, by=curator
    )
    with pytest.raises(ValidationError, match="уже принято решение"):
        services.request_decide(request=request, grant=True, note="", replacement=None, by=curator)


def test_only_a_participant_asks_and_once_at_a_time(world):  # type: ignore[no-untyped-def]
    school, mentor, mentee, pair, curator = world
    with pytest.raises(ValidationError, match="только участник"):
        services.request_create(mentorship=pair, person=consenting(school), reason="…")
    services.request_create(mentorship=pair, person=mentee.person, reason="Причина")
    with pytest.raises(ValidationError, match="уже ждёт решения"):
        services.request_create(mentorship=pair, person=mentee.person, reason="Ещё раз")


def test_the_replacement_must_have_free_places(world):  # type: ignore[no-untyped-def]
    school, mentor, mentee, pair, curator = world
    full = make_mentor(consenting(school), capacity=1)
    make_mentorship(mentors=[full], mentees=[make_mentee(consenting(school), requested_on=TODAY)], started_on=TODAY)
    request = services.request_create(mentorship=pair, person=mentee.person, reason="Причина")
    with pytest.raises(ValidationError, match="занято 1 из 1"):
        services.request_decide(request=request, grant=True, note="", replacement=full, by=curator)
    assert pair.participants.current().get(role="mentor").person == mentor.person
