"""Shared personas (STYLE: Tests): a world of two municipalities and three schools, one user per role."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from nastavnik.accounts.models import Role, User
from nastavnik.factory import (
    add_role,
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_municipality,
    make_organization,
    make_person,
    make_region,
    make_user,
)
from nastavnik.mentoring.models import Mentee, Mentor, Mentorship
from nastavnik.orgs.models import Municipality, Organization, Region
from nastavnik.people.models import Consent, Gender, Person

PERSONAS = [
    "anonymous",
    "admin",
    "regional",
    "coordinator",
    "head",
    "curator_a",
    "curator_b",
    "psychologist",
    "mentor",
    "mentee",
    "viewer",
]


class PersonasTestCase(TestCase):
    """School A and B in municipality M, school C in municipality M2 (both in region R)."""

    region: Region
    municipality: Municipality
    other_municipality: Municipality
    school_a: Organization
    school_b: Organization
    school_c: Organization
    users: dict[str, User]
    person_a: Person
    consent_a: Consent
    mentor_a: Mentor
    mentee_a: Mentee
    mentorship_a: Mentorship
    person_c: Person

    @classmethod
    def setUpTestData(cls) -> None:
        cls.region = make_region(name="Белгородская область")
        cls.municipality = make_municipality(region=cls.region, name="Старооскольский городской округ")
        cls.other_municipality = make_municipality(region=cls.region, name="Губкинский городской округ")
        cls.school_a = make_organization(municipality=cls.municipality, short_name="МБОУ «СОШ № 1»")
        cls.school_b = make_organization(municipality=cls.municipality, short_name="МБОУ «СОШ № 2»")
        cls.school_c = make_organization(municipality=cls.other_municipality, short_name="МБОУ «СОШ № 3»")

        cls.users = {
            "admin": make_user(Role.ADMIN, None, username="admin"),
            "regional": make_user(Role.REGIONAL_COORDINATOR, cls.region, username="regional"),
            "coordinator": make_user(Role.COORDINATOR, cls.municipality, username="coordinator"),
            "head": make_user(Role.HEAD, cls.school_a, username="head"),
            "curator_a": make_user(Role.CURATOR, cls.school_a, username="curator_a"),
            "curator_b": make_user(Role.CURATOR, cls.school_b, username="curator_b"),
            "psychologist": make_user(Role.PSYCHOLOGIST, cls.school_a, username="psychologist"),
            "mentor": make_user(Role.MENTOR, cls.school_a, username="mentor"),
            "mentee": make_user(Role.MENTEE, cls.school_a, username="mentee"),
            "viewer": make_user(Role.VIEWER, cls.municipality, username="viewer"),
        }
        cls.person_a = make_person(organization=cls.school_a, last_name="Ёлкина", first_name="Анна")
        cls.consent_a = make_consent(cls.person_a, given_on=date(2024, 9, 1))
        cls.consent_a.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        mentor_person = make_person(
            organization=cls.school_a,
            last_name="Кравченко",
            first_name="Наталья",
            middle_name="Григорьевна",
            user=cls.users["mentor"],
        )
        make_consent(mentor_person)
        cls.mentor_a = make_mentor(mentor_person)
        mentee_person = make_person(
            organization=cls.school_a,
            last_name="Супрун",
            first_name="Ольга",
            middle_name="Александровна",
            user=cls.users["mentee"],
        )
        make_consent(mentee_person)
        cls.mentee_a = make_mentee(mentee_person)
        cls.mentorship_a = make_mentorship(
            mentors=[cls.mentor_a], mentees=[cls.mentee_a], started_on=timezone.localdate()
        )
        cls.person_c = make_person(
            organization=cls.school_c, last_name="Петров", first_name="Иван", middle_name="Ильич", gender=Gender.MALE
        )
        add_role(cls.users["head"], Role.VIEWER, cls.school_a)  # a second membership changes nothing of the head's

    def login(self, persona: str) -> None:
        if persona != "anonymous":
            self.client.force_login(self.users[persona])
