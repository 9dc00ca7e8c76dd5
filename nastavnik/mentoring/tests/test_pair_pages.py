"""The board of pairs, a pair's page and its actions, and the matching pages."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.factory import (
    make_activity,
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_person,
    make_program,
)
from nastavnik.mentoring.models import (
    CompatibilityNote,
    Difficulty,
    Mentee,
    MenteeStatus,
    Mentor,
    Mentorship,
    MentorshipRequest,
    MentorshipStatus,
    RequestStatus,
)
from nastavnik.orgs.models import Municipality
from nastavnik.tests.personas import PersonasTestCase

TODAY = timezone.localdate()
# Besides the request's own (session, user, grants): the scope, the facts of the municipality's mentors and
# mentees with their difficulties and subjects, the psychologist's verdicts, the organizations.
MATCH_PAGE_QUERIES = 15


class PairPagesTest(PersonasTestCase):
    def add_pairs(self, n: int) -> None:
        for _ in range(n):
            person = make_person(organization=self.school_a)
            make_consent(person)
            mentor = make_mentor(person, capacity=3)
            mentees = []
            for _ in range(2):
                mentee = make_person(organization=self.school_a)
                make_consent(mentee)
                mentees.append(make_mentee(mentee, requested_on=TODAY))
            make_mentorship(mentors=[mentor], mentees=mentees, started_on=TODAY)

    def queries(self, name: str, *args: object) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse(name, args=args))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_board_and_the_pair_page_make_a_fixed_number_of_queries(self) -> None:
        self.login("curator_a")
        program = make_program(self.mentorship_a)
        self.add_pairs(3)
        few = (
            self.queries("mentoring:mentorship-list"),
            self.queries("mentoring:mentorship-detail", self.mentorship_a.pk),
        )
        self.add_pairs(40)
        for pair in Mentorship.objects.exclude(pk=self.mentorship_a.pk)[:20]:
            make_program(pair)
        for _ in range(40):
            make_activity(program, deadline=TODAY - timedelta(days=3))
        many = (
            self.queries("mentoring:mentorship-list"),
            self.queries("mentoring:mentorship-detail", self.mentorship_a.pk),
        )
        self.assertEqual(few, many)
        self.assertLessEqual(max(many), 12)

    def test_the_board_and_the_pair_page_show_the_programs_progress_and_overdue_activities(self) -> None:
        self.add_pairs(1)
        program = make_program(self.mentorship_a)
        late = make_activity(program, deadline=TODAY - timedelta(days=3), content="Посещение урока наставника")
        self.login("curator_a")
        page = self.client.get(reverse("mentoring:mentorship-list")).context["page_obj"]
        self.assertEqual(page[0].pk, self.mentorship_a.pk)  # an overdue activity puts the pair first
        self.assertEqual(page[0].activities_overdue, 1)
        self.assertEqual(page[0].activities_total, program.activities.count())
        response = self.client.get(self.mentorship_a.get_absolute_url())
        self.assertContains(response, f"Выполнено 0 из {program.activities.count()}")
        self.assertContains(response, "просрочено: 1")
        self.assertContains(response, program.get_absolute_url())
        late.status = "done"
        late.save()
        self.assertContains(
            self.client.get(self.mentorship_a.get_absolute_url()), f"Выполнено 1 из {program.activities.count()}"
        )

    def test_the_board_shows_overdue_pairs_first_and_filters_by_kind(self) -> None:
        self.add_pairs(2)
        late = Mentorship.objects.exclude(pk=self.mentorship_a.pk).earliest("pk")
        Mentorship.objects.filter(pk=late.pk).update(
            started_on=TODAY - timedelta(days=300), planned_end_on=TODAY - timedelta(days=1), kinds=["virtual"]
        )
        self.login("curator_a")
        page = self.client.get(reverse("mentoring:mentorship-list")).context["page_obj"]
        self.assertEqual(page[0].pk, late.pk)
        self.assertTrue(page[0].overdue)
        virtual = self.client.get(reverse("mentoring:mentorship-list"), {"kind": "virtual"}).context["page_obj"]
        self.assertEqual([p.pk for p in virtual], [late.pk])
        mine = self.client.get(reverse("mentoring:mentorship-list"), {"mentor": self.mentor_a.pk}).context["page_obj"]
        self.assertEqual([p.pk for p in mine], [self.mentorship_a.pk])

    def test_the_board_marks_a_pair_whose_request_awaits_the_curator(self) -> None:
        self.add_pairs(2)
        MentorshipRequest.objects.create(
            mentorship=self.mentorship_a, kind="resign", person=self.mentor_a.person, reason="…"
        )
        self.login("curator_a")
        page = self.client.get(reverse("mentoring:mentorship-list")).context["page_obj"]
        self.assertEqual({p.pk for p in page if p.has_pending_request}, {self.mentorship_a.pk})
        self.assertContains(self.client.get(reverse("mentoring:mentorship-list")), "просьба ждёт решения", count=1)

    def test_a_mentor_sees_only_their_own_pairs(self) -> None:
        self.add_pairs(2)
        self.login("mentor")
        page = self.client.get(reverse("mentoring:mentorship-list")).context["page_obj"]
        self.assertEqual([p.pk for p in page], [self.mentorship_a.pk])

    def test_the_curator_records_consents_and_the_order_and_approves_the_pair(self) -> None:
        self.login("curator_a")
        url = reverse("mentoring:mentorship-status", args=[self.mentorship_a.pk])
        self.client.post(
            reverse("mentoring:mentorship-order", args=[self.mentorship_a.pk]),
            {"order_number": "45-ОД", "order_date": TODAY},
        )
        response = self.client.post(url, {"to": "approved"}, follow=True)
        self.assertContains(response, "нет у Кравченко Наталья Григорьевна, Супрун Ольга Александровна")
        for participant in self.mentorship_a.participants.all():
            consent_url = reverse("mentoring:participant-consent", args=[self.mentorship_a.pk, participant.pk])
            self.client.post(consent_url, {"duties_consent_on": TODAY})
        response = self.client.post(url, {"to": "approved"}, follow=True)
        self.assertContains(response, "Статус пары: «утверждена приказом»")
        self.assertEqual(Mentorship.objects.get(pk=self.mentorship_a.pk).status, MentorshipStatus.APPROVED)

    def test_ending_early_needs_a_reason(self) -> None:
        self.login("curator_a")
        url = reverse("mentoring:mentorship-status", args=[self.mentorship_a.pk])
        response = self.client.post(url, {"to": "ended_early"}, follow=True)
        self.assertContains(response, "Укажите причину досрочного прекращения")
        self.assertEqual(Mentorship.objects.get(pk=self.mentorship_a.pk).status, MentorshipStatus.DRAFT)

    def test_a_mentee_asks_for_another_mentor_and_the_curator_replaces_the_mentor(self) -> None:
        self.login("mentee")
        detail = reverse("mentoring:mentorship-detail", args=[self.mentorship_a.pk])
        self.assertContains(self.client.get(detail), "Попросить другого наставника")
        self.client.post(reverse("mentoring:request-create", args=[self.mentorship_a.pk]), {"reason": "Разные смены"})
        request = MentorshipRequest.objects.get()
        other = make_person(organization=self.school_a, last_name="Новикова")
        make_consent(other)
        new_mentor = make_mentor(other)
        self.login("curator_a")
        self.assertContains(self.client.get(detail), "Разные смены")
        self.client.post(
            reverse("mentoring:request-decide", args=[request.pk]), {"grant": "1", "replacement": new_mentor.pk}
        )
        self.assertEqual(MentorshipRequest.objects.get().status, RequestStatus.GRANTED)
        mentors = self.mentorship_a.participants.current().filter(role="mentor")
        self.assertEqual([p.person_id for p in mentors], [other.pk])
        self.assertContains(self.client.get(detail), "Выбыли из пары: Кравченко Наталья Григорьевна")

    def test_a_pair_formed_by_hand_with_bad_dates_names_the_field(self) -> None:
        self.login("curator_a")
        mentee = make_mentee(make_person(organization=self.school_a), requested_on=TODAY)
        make_consent(mentee.person)
        data = {
            "mentors": [self.mentor_a.pk],
            "mentees": [mentee.pk],
            "pairing": "teacher_teacher",
            "kinds": ["traditional"],
            "started_on": TODAY,
            "planned_end_on": TODAY - timedelta(days=1),
        }
        response = self.client.post(reverse("mentoring:mentorship-create"), data)
        self.assertEqual(
            response.context["form"].errors["planned_end_on"], ["Плановая дата окончания раньше даты начала."]
        )
        data["planned_end_on"] = TODAY + timedelta(days=200)
        response = self.client.post(reverse("mentoring:mentorship-create"), data)
        pair = Mentorship.objects.latest("pk")
        self.assertRedirects(response, reverse("mentoring:mentorship-detail", args=[pair.pk]))
        self.assertEqual(Mentee.objects.get(pk=mentee.pk).status, MenteeStatus.PAIRED)


class MatchingPagesTest(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentor_a.capacity = 1  # busy with mentorship_a: no free place
        cls.mentor_a.save(update_fields=["capacity"])
        lessons, digital = Difficulty.objects.all()[:2]
        for difficulty in (lessons, lessons, digital):
            person = make_person(organization=cls.school_a)
            make_consent(person)
            mentee = make_mentee(person, requested_on=TODAY)
            mentee.difficulties.set([difficulty])
        for difficulty in (lessons, digital):
            person = make_person(organization=cls.school_a)
            make_consent(person)
            mentor = make_mentor(person, capacity=1)
            mentor.competencies.set([difficulty])

    def test_nothing_changes_until_the_curator_approves_then_all_pairs_are_drafts(self) -> None:
        self.login("curator_a")
        before = Mentorship.objects.count()
        response = self.client.get(reverse("mentoring:match"))
        rows = response.context["rows"]
        self.assertEqual(len(rows), 2)  # mentor_a has no free place left, the two others one each
        self.assertContains(response, "закрывает 1 из 1 затруднения")
        self.assertEqual(len(response.context["unmatched"]), 1)
        self.assertEqual(Mentorship.objects.count(), before)
        removed = rows[0].mentee.id
        self.client.post(reverse("mentoring:match-edit"), {"municipality": self.municipality.pk, "mentee": removed})
        response = self.client.get(reverse("mentoring:match"))
        self.assertEqual(len(response.context["rows"]), 1)
        self.assertIn((removed, "убран из предложения"), [(m.id, r) for m, r, _ in response.context["unmatched"]])
        self.assertEqual(Mentorship.objects.count(), before)
        approve = {
            "municipality": self.municipality.pk,
            "pairing": "teacher_teacher",
            "kinds": ["traditional"],
            "started_on": TODAY,
            "planned_end_on": TODAY + timedelta(days=200),
        }
        response = self.client.post(reverse("mentoring:match-approve"), approve, follow=True)
        self.assertContains(response, "Создано 1 пара (черновики)")
        self.assertEqual(Mentorship.objects.count(), before + 1)
        self.assertEqual(Mentorship.objects.latest("pk").status, MentorshipStatus.DRAFT)

    def test_a_replacement_over_the_mentors_places_is_refused(self) -> None:
        self.login("curator_a")
        rows = self.client.get(reverse("mentoring:match")).context["rows"]
        first, second = rows
        data = {"municipality": self.municipality.pk, "mentee": first.mentee.id, "mentor": second.mentor.id}
        response = self.client.post(reverse("mentoring:match-edit"), data, follow=True)
        self.assertContains(response, "составить нельзя: у наставника нет свободных мест.")
        self.assertEqual(len(response.context["rows"]), 2)

    def test_the_psychologists_not_recommended_forbids_the_pair_and_the_settings_change_the_weights(self) -> None:
        self.login("curator_a")
        first, second = self.client.get(reverse("mentoring:match")).context["rows"]
        CompatibilityNote.objects.create(
            mentor_id=first.mentor.id, mentee_id=second.mentee.id, verdict="not_recommended"
        )
        self.client.post(
            reverse("mentoring:match-edit"), {"municipality": self.municipality.pk, "mentee": first.mentee.id}
        )
        data = {"municipality": self.municipality.pk, "mentee": second.mentee.id, "mentor": first.mentor.id}
        response = self.client.post(reverse("mentoring:match-edit"), data, follow=True)
        self.assertContains(response, "составить нельзя: педагог-психолог не рекомендует эту пару.")
        Municipality.objects.filter(pk=self.municipality.pk).update(match_same_organization=7)
        self.client.post(reverse("mentoring:match-reset"), {"municipality": self.municipality.pk})
        rows = self.client.get(reverse("mentoring:match")).context["rows"]
        self.assertTrue(all(row.score.value >= 7 for row in rows))

    def test_the_proposal_page_makes_the_same_number_of_queries_for_3_and_30_mentees(self) -> None:
        self.login("coordinator")
        counts = []
        for _ in range(2):
            self.client.post(reverse("mentoring:match-reset"), {"municipality": self.municipality.pk})
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(reverse("mentoring:match")).status_code, 200)
            counts.append(len(queries))
            for _ in range(27):
                person = make_person(organization=self.school_b)
                make_consent(person)
                make_mentee(person, requested_on=TODAY).difficulties.set(Difficulty.objects.all()[:2])
                make_mentor(make_person(organization=self.school_b), capacity=1)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], MATCH_PAGE_QUERIES)

    def test_the_candidates_of_a_mentee_left_waiting_are_listed_with_reasons(self) -> None:
        self.login("curator_a")
        unmatched = self.client.get(reverse("mentoring:match")).context["unmatched"]
        mentee = unmatched[0][0]
        response = self.client.get(
            reverse("mentoring:match-candidates", args=[mentee.id]), {"municipality": self.municipality.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["candidates"], [])  # every mentor with the skill is taken
        self.assertContains(response, "Подходящих наставников со свободными местами нет.")


class HomePagesTest(PersonasTestCase):
    def test_the_mentor_and_the_mentee_see_their_pair_on_their_home_page(self) -> None:
        for persona in ("mentor", "mentee"):
            with self.subTest(persona=persona):
                self.login(persona)
                response = self.client.get(reverse("home"))
                self.assertContains(response, "Мои пары и программы")
                self.assertContains(response, reverse("mentoring:mentorship-detail", args=[self.mentorship_a.pk]))
                self.assertContains(response, "Пара: Кравченко Наталья Григорьевна — Супрун Ольга Александровна")

    def test_the_curator_sees_the_requests_waiting_for_a_decision(self) -> None:
        MentorshipRequest.objects.create(
            mentorship=self.mentorship_a, kind="resign", person=self.mentor_a.person, reason="…"
        )
        self.login("curator_a")
        self.assertContains(self.client.get(reverse("home")), "Просьбы участников пар ждут вашего решения: 1")
        self.login("curator_b")
        self.assertNotContains(self.client.get(reverse("home")), "Просьбы участников пар")


class NetworkMentoringTest(PersonasTestCase):
    """A curator pairs within the school; the coordinator may take a mentor of another school (сетевое)."""

    network_mentor: Mentor
    waiting: Mentee

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        other = make_person(organization=cls.school_b, last_name="Сетевая")
        make_consent(other)
        cls.network_mentor = make_mentor(other, network_ready=True, capacity=3)
        waiting = make_person(organization=cls.school_a, last_name="Ждущая")
        make_consent(waiting)
        cls.waiting = make_mentee(waiting, requested_on=TODAY)
        Mentor.objects.filter(pk=cls.mentor_a.pk).update(capacity=1)

    def test_the_curators_matching_keeps_to_the_school_and_the_coordinators_crosses_it(self) -> None:
        self.login("curator_a")
        response = self.client.get(reverse("mentoring:match"))
        self.assertEqual(response.context["rows"], [])
        self.login("coordinator")
        rows = self.client.get(reverse("mentoring:match")).context["rows"]
        self.assertEqual([(r.mentor.id, r.mentee.id) for r in rows], [(self.network_mentor.pk, self.waiting.pk)])
        self.assertIn("сетевое наставничество (другая организация)", rows[0].score.reasons)

    def test_the_coordinator_forms_a_network_pair_by_hand_and_the_curator_cannot(self) -> None:
        data = {
            "mentors": [self.network_mentor.pk],
            "mentees": [self.waiting.pk],
            "pairing": "teacher_teacher",
            "kinds": ["traditional"],
            "started_on": TODAY,
            "planned_end_on": TODAY + timedelta(days=120),
        }
        self.login("curator_a")
        response = self.client.post(reverse("mentoring:mentorship-create"), data)
        self.assertIn("mentors", response.context["form"].errors)
        self.login("coordinator")
        response = self.client.post(reverse("mentoring:mentorship-create"), data)
        pair = Mentorship.objects.latest("pk")
        self.assertRedirects(response, pair.get_absolute_url())
        self.assertEqual(pair.organization, self.school_a)
        self.assertContains(self.client.get(pair.get_absolute_url()), "(МБОУ «СОШ № 2», сетевое)")


class CompatibilityNotesTest(PersonasTestCase):
    def test_the_psychologist_records_a_conclusion_that_the_mentees_page_shows(self) -> None:
        self.login("psychologist")
        url = reverse("mentoring:mentee-detail", args=[self.mentee_a.pk])
        self.assertContains(self.client.get(url), "Записать заключение")
        data = {"mentor": self.mentor_a.pk, "verdict": "not_recommended", "note": "Конфликт в прошлом году"}
        response = self.client.post(
            reverse("mentoring:compatibility-note-save", args=[self.mentee_a.pk]), data, follow=True
        )
        self.assertContains(response, "Заключение о совместимости записано")
        self.assertContains(
            response, "Кравченко Наталья Григорьевна</strong> — не рекомендована: Конфликт в прошлом году"
        )
        data["verdict"] = "recommended"
        self.client.post(reverse("mentoring:compatibility-note-save", args=[self.mentee_a.pk]), data)
        self.assertEqual(list(self.mentee_a.compatibility_notes.values_list("verdict", flat=True)), ["recommended"])

    def test_a_conclusion_without_a_verdict_is_refused_and_nothing_is_written(self) -> None:
        self.login("curator_a")
        url = reverse("mentoring:compatibility-note-save", args=[self.mentee_a.pk])
        response = self.client.post(url, {"mentor": self.mentor_a.pk, "verdict": ""}, follow=True)
        self.assertContains(response, "Выберите наставника из банка и заключение о совместимости")
        self.assertFalse(self.mentee_a.compatibility_notes.exists())

    def test_the_viewer_sees_no_form(self) -> None:
        self.login("viewer")
        self.assertNotContains(
            self.client.get(reverse("mentoring:mentee-detail", args=[self.mentee_a.pk])), "Записать заключение"
        )
