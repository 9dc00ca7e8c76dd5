"""Review of a school's documents by the coordinator (seed 000 §3.1–3.2): submit, return with remarks,
resubmit, approve; who may do each; every step recorded."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from nastavnik.documents import review
from nastavnik.documents.models import Document, RequiredActs, ReviewAction, ReviewStatus
from nastavnik.documents.services import document_register
from nastavnik.factory import make_organization
from nastavnik.tests.personas import PersonasTestCase


def make_document(
    organization, kind: str = "regulation", title: str = "Положение о системе наставничества"
) -> Document:  # type: ignore[no-untyped-def]
    return document_register(
        organization=organization,
        kind=kind,
        title=title,
        on=date(2025, 1, 10),
        content=b"%PDF-1.4 test",
        filename="polozhenie.pdf",
        by=None,
        generated=False,
        number="",
    )


class ReviewServicesTest(PersonasTestCase):
    def test_a_returned_document_is_resubmitted_and_approved_with_every_step_recorded(self) -> None:
        document = make_document(self.school_a)
        curator, coordinator = self.users["curator_a"], self.users["coordinator"]
        review.document_submit(document=document, by=curator)
        review.document_return(document=document, by=coordinator, remarks="Нет раздела о стимулировании")
        document.refresh_from_db()
        self.assertEqual(document.review_status, ReviewStatus.RETURNED)
        review.document_upload_version(document=document, content=b"%PDF-1.4 v2", filename="v2.pdf", by=curator)
        review.document_submit(document=document, by=curator)
        review.document_approve(document=document, by=coordinator)
        document.refresh_from_db()
        self.assertEqual(document.review_status, ReviewStatus.APPROVED)
        steps = list(document.review_steps.values_list("action", "by__username", "remarks"))
        self.assertEqual(
            steps,
            [
                (ReviewAction.SUBMIT, "curator_a", ""),
                (ReviewAction.RETURN, "coordinator", "Нет раздела о стимулировании"),
                (ReviewAction.SUBMIT, "curator_a", ""),
                (ReviewAction.APPROVE, "coordinator", ""),
            ],
        )
        self.assertEqual(document.versions.count(), 2)

    def test_remarks_are_required_to_return(self) -> None:
        document = make_document(self.school_a)
        review.document_submit(document=document, by=self.users["curator_a"])
        with self.assertRaises(ValidationError) as caught:
            review.document_return(document=document, by=self.users["coordinator"], remarks="   ")
        self.assertIn("Укажите замечания", str(caught.exception))
        document.refresh_from_db()
        self.assertEqual(document.review_status, ReviewStatus.SUBMITTED)
        self.assertEqual(document.review_steps.count(), 1)

    def test_a_curator_or_head_cannot_approve(self) -> None:
        document = make_document(self.school_a)
        review.document_submit(document=document, by=self.users["curator_a"])
        for persona in ("curator_a", "head", "regional", "viewer"):
            with self.subTest(persona=persona), self.assertRaises(ValidationError):
                review.document_approve(document=document, by=self.users[persona])
        self.assertEqual(document.review_steps.count(), 1)

    def test_the_coordinator_of_another_municipality_cannot_review(self) -> None:
        from nastavnik.accounts.models import Role
        from nastavnik.factory import make_user

        other = make_user(Role.COORDINATOR, self.other_municipality)
        document = make_document(self.school_a)
        review.document_submit(document=document, by=self.users["curator_a"])
        with self.assertRaises(ValidationError):
            review.document_approve(document=document, by=other)

    def test_only_a_submitted_document_is_approved_and_not_twice_submitted(self) -> None:
        document = make_document(self.school_a)
        with self.assertRaisesMessage(ValidationError, "не направлен на экспертизу"):
            review.document_approve(document=document, by=self.users["coordinator"])
        review.document_submit(document=document, by=self.users["curator_a"])
        with self.assertRaisesMessage(ValidationError, "уже на экспертизе"):
            review.document_submit(document=document, by=self.users["curator_a"])
        with self.assertRaisesMessage(ValidationError, "после решения координатора"):
            review.document_upload_version(document=document, content=b"%PDF", filename="x.pdf", by=self.users["head"])

    def test_another_school_cannot_submit(self) -> None:
        document = make_document(self.school_a)
        with self.assertRaisesMessage(ValidationError, "вне вашей области"):
            review.document_submit(document=document, by=self.users["curator_b"])
        self.assertEqual(document.review_steps.count(), 0)

    def test_a_new_version_of_an_approved_document_needs_a_new_review(self) -> None:
        document = make_document(self.school_a)
        review.document_submit(document=document, by=self.users["curator_a"])
        review.document_approve(document=document, by=self.users["admin"])
        review.document_upload_version(document=document, content=b"%PDF-2", filename="v2.pdf", by=self.users["head"])
        document.refresh_from_db()
        self.assertEqual(document.review_status, ReviewStatus.NONE)


class ReviewPagesTest(PersonasTestCase):
    def test_the_coordinator_returns_with_remarks_and_the_school_sees_them(self) -> None:
        document = make_document(self.school_a)
        self.login("curator_a")
        self.client.post(reverse("documents:document-submit", args=[document.pk]))
        self.login("coordinator")
        self.client.post(reverse("documents:document-return", args=[document.pk]), {"remarks": "Уточнить сроки"})
        self.login("curator_a")
        response = self.client.get(reverse("documents:document-detail", args=[document.pk]))
        self.assertContains(response, "Уточнить сроки")
        self.assertContains(response, "возвращён на доработку")
        self.assertContains(response, "Направить на экспертизу повторно")

    def test_returning_without_remarks_says_so_and_changes_nothing(self) -> None:
        document = make_document(self.school_a)
        review.document_submit(document=document, by=self.users["curator_a"])
        self.login("coordinator")
        response = self.client.post(
            reverse("documents:document-return", args=[document.pk]), {"remarks": ""}, follow=True
        )
        self.assertContains(response, "Укажите замечания")
        document.refresh_from_db()
        self.assertEqual(document.review_status, ReviewStatus.SUBMITTED)

    def test_the_queue_shows_the_oldest_submission_first_and_missing_acts(self) -> None:
        later = make_document(self.school_b, kind="roadmap", title="Дорожная карта СОШ № 2")
        first = make_document(self.school_a, title="Положение СОШ № 1")
        review.document_submit(document=first, by=self.users["curator_a"])
        review.document_submit(document=later, by=self.users["curator_b"])
        other = make_document(self.school_c, title="Положение СОШ № 3")
        review.document_submit(document=other, by=self.users["admin"])
        self.login("coordinator")
        with self.assertNumQueries(10):
            response = self.client.get(reverse("documents:review-queue"))
        self.assertEqual([d.pk for d in response.context["waiting"]], [first.pk, later.pk])
        missing = {row["organization"].pk: row["kinds"] for row in response.context["missing"]}
        self.assertEqual(
            missing[self.school_a.pk],
            [
                "дорожная карта (план мероприятий)",
                "приказ о внедрении системы (целевой модели) наставничества",
                "приказ о назначении куратора",
                "приказ о закреплении наставнических пар (групп)",
            ],
        )
        self.assertIn("положение о системе наставничества", missing[self.school_b.pk])
        self.assertNotIn("дорожная карта (план мероприятий)", missing[self.school_b.pk])
        self.assertNotIn(self.school_c.pk, missing)
        for n in range(5):
            make_organization(municipality=self.municipality, short_name=f"МБДОУ № {n}")
        with self.assertNumQueries(10):
            response = self.client.get(reverse("documents:review-queue"))
        self.assertEqual(len(response.context["missing"]), 7)

    def test_the_coordinator_sets_the_required_acts_of_the_municipality(self) -> None:
        self.login("coordinator")
        response = self.client.post(reverse("documents:required-acts"), {"kinds": ["regulation", "roadmap"]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(RequiredActs.objects.get(municipality=self.municipality).kinds, ["regulation", "roadmap"])
        make_document(self.school_a)
        response = self.client.get(reverse("documents:review-queue"))
        missing = {row["organization"].pk: row["kinds"] for row in response.context["missing"]}
        self.assertEqual(missing[self.school_a.pk], ["дорожная карта (план мероприятий)"])
