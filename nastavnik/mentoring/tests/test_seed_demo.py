from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, TestCase

from nastavnik.accounts.management.commands.demo_logins import DEMO_PASSWORD, DEMO_USERNAMES
from nastavnik.accounts.models import Level, Membership, Role, User
from nastavnik.lib.dates import full_years
from nastavnik.lib.text import normalize
from nastavnik.mentoring.demo import FEMALE_LAST_NAMES, MALE_LAST_NAMES, feminine
from nastavnik.mentoring.models import (
    OPEN_STATUSES,
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    Mentorship,
    MentorshipStatus,
    Participant,
)
from nastavnik.orgs.models import Municipality, Organization, OrganizationKind, Region
from nastavnik.people.models import Consent, ConsentKind, Gender, Person, PersonKind

TODAY = date(2026, 3, 2)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def people_snapshot() -> list[tuple[object, ...]]:
    return list(
        Person.objects.order_by("pk").values_list(
            "last_name", "first_name", "middle_name", "birth_date", "position", "organization__short_name"
        )
    )


def wipe() -> None:
    Mentorship.objects.all().delete()
    Mentor.objects.all().delete()
    Mentee.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()
    Organization.objects.all().delete()
    Municipality.objects.all().delete()
    Region.objects.all().delete()


def with_valid_consent() -> set[int]:
    return set(Consent.objects.valid(TODAY).filter(kind=ConsentKind.PROCESSING).values_list("person_id", flat=True))


class SmallScaleTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = seed("--scale", "small", "--seed", "7")

    def test_it_creates_three_schools_a_kindergarten_and_a_centre(self) -> None:
        self.assertEqual(Municipality.objects.count(), 1)
        kinds = Counter(Organization.objects.values_list("kind", flat=True))
        self.assertEqual(
            kinds, {OrganizationKind.SCHOOL: 3, OrganizationKind.PRESCHOOL: 1, OrganizationKind.ADDITIONAL: 1}
        )
        for organization in Organization.objects.all():
            self.assertTrue(organization.address and organization.website and organization.head_name)
            self.assertTrue(organization.website.endswith(".example"))
            self.assertEqual(organization.search_key, normalize(f"{organization.short_name} {organization.name}"))

    def test_it_reports_what_it_created(self) -> None:
        self.assertIn("5 организаций, 60 работников", self.output)
        self.assertIn("demo_logins", self.output)

    def test_names_agree_with_gender(self) -> None:
        self.assertEqual(Person.objects.count(), 60)
        for person in Person.objects.all():
            if person.gender == Gender.FEMALE:
                self.assertIn(person.last_name, FEMALE_LAST_NAMES)
                self.assertTrue(person.middle_name.endswith("на"), person.full_name)
            else:
                self.assertIn(person.last_name, MALE_LAST_NAMES)
                self.assertTrue(person.middle_name.endswith("ич"), person.full_name)
            self.assertEqual(person.search_key, normalize(person.full_name))

    def test_teaching_starts_at_twenty_or_later(self) -> None:
        for person in Person.objects.filter(kind=PersonKind.PEDAGOGUE):
            assert person.birth_date is not None and person.experience_start is not None
            self.assertGreaterEqual(full_years(person.birth_date, person.experience_start), 20, person.full_name)
            self.assertLessEqual(person.experience_start, TODAY)
            self.assertTrue(22 <= full_years(person.birth_date, TODAY) <= 65, person.full_name)

    def test_most_people_have_a_consent_to_processing(self) -> None:
        self.assertTrue(40 <= len(with_valid_consent()) <= 58)
        self.assertFalse(Consent.objects.filter(given_on__gt=TODAY).exists())

    def test_only_people_with_a_valid_consent_are_in_the_banks(self) -> None:
        consented = with_valid_consent()
        mentors = set(Mentor.objects.values_list("person_id", flat=True))
        mentees = set(Mentee.objects.values_list("person_id", flat=True))
        self.assertTrue(mentors and mentees)
        self.assertLessEqual(mentors | mentees, consented)
        self.assertFalse(mentors & mentees)

    def test_every_demo_login_signs_in_with_the_demo_password(self) -> None:
        for username in DEMO_USERNAMES:
            request = RequestFactory().post("/login/")
            user = authenticate(request, username=username, password=DEMO_PASSWORD)
            self.assertEqual(getattr(user, "username", None), username)
        self.assertEqual(set(Membership.objects.values_list("role", flat=True)), set(Role.values))

    def test_each_demo_login_has_its_scope(self) -> None:
        school1, school2 = Organization.objects.filter(kind=OrganizationKind.SCHOOL).order_by("pk")[:2]
        expected = {
            "admin": (Level.ALL, None),
            "region": (Level.REGION, Region.objects.get()),
            "coordinator": (Level.MUNICIPALITY, Municipality.objects.get()),
            "viewer": (Level.MUNICIPALITY, Municipality.objects.get()),
            "head": (Level.ORGANIZATION, school1),
            "curator": (Level.ORGANIZATION, school1),
            "psychologist": (Level.ORGANIZATION, school1),
            "mentor": (Level.ORGANIZATION, school1),
            "mentee": (Level.ORGANIZATION, school1),
            "curator2": (Level.ORGANIZATION, school2),
        }
        for membership in Membership.objects.select_related("user"):
            level, scope = expected[membership.user.username]
            self.assertEqual(membership.level, level, membership.user.username)
            self.assertEqual(membership.organization or membership.municipality or membership.region, scope)
        self.assertEqual(school1.head_name, User.objects.get(username="head").full_name)

    def test_the_mentor_and_mentee_logins_have_their_profiles(self) -> None:
        mentor = Mentor.objects.get(person__user__username="mentor")
        mentee = Mentee.objects.get(person__user__username="mentee")
        self.assertEqual(mentee.status, MenteeStatus.PAIRED)
        pair = Mentorship.objects.open().get(participants__person=mentee.person)
        self.assertEqual(pair.status, MentorshipStatus.ACTIVE)
        self.assertEqual(pair.participants.get(role="mentor").person, mentor.person)
        self.assertEqual(mentee.category, MenteeCategory.YOUNG)
        self.assertTrue(mentee.person.is_young(TODAY))
        self.assertEqual(mentor.person.organization, mentee.person.organization)
        self.assertLessEqual(set(mentee.difficulties.all()), set(mentor.competencies.all()))
        self.assertTrue(set(mentee.person.subjects.all()) & set(mentor.subjects.all()))

    def test_open_pairs_keep_to_the_mentors_places_and_mentees_in_pairs_are_paired(self) -> None:
        open_pairs = Participant.objects.filter(mentorship__status__in=OPEN_STATUSES, left_on__isnull=True)
        busy = Counter(open_pairs.filter(role="mentor").values_list("person_id", flat=True))
        capacity = dict(Mentor.objects.values_list("person_id", "capacity"))
        self.assertTrue(busy)
        self.assertTrue(all(count <= capacity[person] for person, count in busy.items()))
        in_pairs = set(open_pairs.filter(role="mentee").values_list("person_id", flat=True))
        paired = set(Mentee.objects.filter(status=MenteeStatus.PAIRED).values_list("person_id", flat=True))
        self.assertEqual(in_pairs, paired)
        self.assertTrue(Mentee.objects.filter(status=MenteeStatus.WAITING).exists())  # the curator has work left

    def test_pairs_past_the_draft_have_programs_with_their_plans_carried_out(self) -> None:
        pairs = Mentorship.objects.exclude(status__in=[MentorshipStatus.DRAFT, MentorshipStatus.ENDED_EARLY])
        self.assertEqual(
            set(pairs.values_list("pk", flat=True)),
            set(pairs.filter(program__isnull=False).values_list("pk", flat=True)),
        )
        completed = Mentorship.objects.filter(status=MentorshipStatus.COMPLETED)
        statuses = set(completed.values_list("program__activities__status", flat=True))
        self.assertEqual(statuses, {"done"})
        demo = Mentorship.objects.open().get(participants__person__user__username="mentee")
        self.assertGreaterEqual(demo.program.activities.count(), 12)  # type: ignore[attr-defined]
        self.assertRegex(self.output, r"\d+ программ[аы]? с \d+ мероприяти")

    def test_search_finds_the_demo_mentee_without_yo(self) -> None:
        mentee = Person.objects.get(user__username="mentee")
        self.assertEqual(mentee.last_name, "Ёлкина")
        self.assertIn(mentee, Person.objects.search("елкина"))

    def test_if_empty_leaves_a_database_with_organizations_alone(self) -> None:
        before = Person.objects.count()
        output = seed("--scale", "small", "--if-empty")
        self.assertIn("уже есть организации", output)
        self.assertEqual(Person.objects.count(), before)

    def test_it_refuses_to_add_to_a_database_with_organizations(self) -> None:
        with self.assertRaisesMessage(CommandError, "только в пустую базу"):
            seed("--scale", "small")


class DeterminismTests(TestCase):
    def test_the_same_seed_gives_the_same_people_and_another_seed_does_not(self) -> None:
        seed("--scale", "small", "--seed", "3")
        first = people_snapshot()
        wipe()
        seed("--scale", "small", "--seed", "3")
        self.assertEqual(people_snapshot(), first)
        wipe()
        seed("--scale", "small", "--seed", "4")
        self.assertNotEqual(people_snapshot(), first)


class MunicipalityScaleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        seed("--scale", "municipality", "--seed", "1")

    def test_it_creates_a_municipality_of_sixty_organizations_and_two_thousand_people(self) -> None:
        self.assertEqual(Organization.objects.count(), 60)
        self.assertEqual(Person.objects.count(), 2_000)
        short_names = list(Organization.objects.values_list("short_name", flat=True))
        self.assertEqual(len(set(short_names)), 60)

    def test_about_an_eighth_are_mentors_and_an_eighth_mentees(self) -> None:
        self.assertTrue(200 <= Mentor.objects.count() <= 280)
        self.assertTrue(200 <= Mentee.objects.count() <= 280)
        self.assertEqual(set(Mentee.objects.values_list("category", flat=True)), set(MenteeCategory.values))
        self.assertFalse(
            Mentee.objects.filter(category=MenteeCategory.STUDENT).exclude(person__kind="student").exists()
        )
        self.assertTrue(Mentor.objects.filter(municipal_status="admitted").exists())

    def test_female_names_with_yo_are_there(self) -> None:
        self.assertTrue(Person.objects.filter(gender=Gender.FEMALE, last_name__in=["Ёлкина", "Королёва"]).exists())
        self.assertEqual(feminine("Ёлкин"), "Ёлкина")
        self.assertEqual(feminine("Савицкий"), "Савицкая")
        self.assertEqual(feminine("Черных"), "Черных")
