"""The role × URL × scope table (DESIGN §6 «Access»): every URL, every persona, one expected answer.

Outside its scope a user gets 404 and nothing changes; a read-only role gets 403 on writes; an
anonymous visitor is sent to the login page. A URL missing from the table fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nastavnik.accounts.models import AuditEvent, AuditKind
from nastavnik.documents.generation.render import shipped_template
from nastavnik.documents.generation.services import document_generate
from nastavnik.documents.models import Document, DocumentTemplate, DocumentVersion, RequiredActs, ReviewStep
from nastavnik.documents.review import document_attach_scan, document_submit
from nastavnik.documents.services import document_register
from nastavnik.factory import make_consent, make_mentee, make_person, make_program
from nastavnik.lib.pdf import soffice
from nastavnik.mentoring.models import (
    CompatibilityNote,
    Mentee,
    Mentor,
    Mentorship,
    MentorshipRequest,
    Participant,
)
from nastavnik.orgs.models import Municipality, Organization, Region
from nastavnik.people.models import Consent, Person
from nastavnik.programs.models import Activity, Program, ProgramTemplate, TemplateSection, add_months
from nastavnik.tests.personas import PERSONAS, PersonasTestCase

LOGIN = 302


def expect(default: int, anonymous: int = LOGIN, **by_persona: int) -> dict[str, int]:
    result = {persona: default for persona in PERSONAS}
    result["anonymous"] = anonymous
    result.update(by_persona)
    return result


# Who is who, as groups of personas with school A in scope.
WRITERS_A = {"admin": 200, "coordinator": 200, "head": 200, "curator_a": 200}
PERSONAL_READERS_A = {**WRITERS_A, "regional": 200}
# For pages about no one object: the curator of school B works in their own school.
WRITERS = {**WRITERS_A, "curator_b": 200}
PERSONAL_READERS = {**PERSONAL_READERS_A, "curator_b": 200}
ALL_OK = expect(200)
# Documents are not personal files: the psychologist and the viewer read them too.
READERS_A = {**PERSONAL_READERS_A, "psychologist": 200, "viewer": 200}


def document_args_for(name: str) -> Callable[[PersonasTestCase], list[Any]]:
    return lambda t: document_args(t, name)


@dataclass
class Row:
    name: str
    args: Callable[[PersonasTestCase], list[Any]]
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[PersonasTestCase], dict[str, Any]] = field(default=lambda t: {})
    # For writes: the state that must not change for personas refused (403/404).
    state: Callable[[PersonasTestCase], Any] | None = None


def no_args(t: PersonasTestCase) -> list[Any]:
    return []


def person_state(t: PersonasTestCase) -> Any:
    return list(Person.objects.values_list("pk", "last_name", "deleted_at").order_by("pk"))


def consent_state(t: PersonasTestCase) -> Any:
    return list(Consent.objects.values_list("pk", "withdrawn_on").order_by("pk"))


def mentor_state(t: PersonasTestCase) -> Any:
    return list(Mentor.objects.values_list("pk", "status", "municipal_status", "capacity").order_by("pk"))


def mentee_state(t: PersonasTestCase) -> Any:
    return list(Mentee.objects.values_list("pk", "status", "category").order_by("pk"))


def pair_state(t: PersonasTestCase) -> Any:
    pairs = list(Mentorship.objects.values_list("pk", "status", "order_number").order_by("pk"))
    return pairs, Participant.objects.count()


def request_state(t: PersonasTestCase) -> Any:
    return list(MentorshipRequest.objects.values_list("pk", "status").order_by("pk"))


def pending_request(t: PersonasTestCase) -> MentorshipRequest:
    request, _ = MentorshipRequest.objects.get_or_create(
        mentorship=t.mentorship_a, person=t.mentee_a.person, status="pending", defaults={"reason": "Другой график"}
    )
    return request


def waiting_mentee(t: PersonasTestCase) -> Mentee:
    """A mentee of school A still waiting for a mentor."""
    mentee = Mentee.objects.filter(person__organization=t.school_a, status="waiting").first()
    if mentee is None:
        person = make_person(organization=t.school_a, last_name="Ждущая")
        make_consent(person)
        mentee = make_mentee(person)
    return mentee


TODAY = "2025-01-15"

TABLE: list[Row] = [
    Row("home", no_args, ALL_OK),
    # accounts
    Row("accounts:login", no_args, expect(302, anonymous=200)),
    Row("accounts:logout", no_args, expect(302, anonymous=302), method="post"),
    Row("accounts:password-change", no_args, ALL_OK),
    Row("accounts:password-change-done", no_args, ALL_OK),
    Row("accounts:user-list", no_args, expect(403, admin=200, coordinator=200)),
    Row("accounts:user-create", no_args, expect(403, admin=200, coordinator=200)),
    Row("accounts:user-detail", lambda t: [t.users["curator_a"].pk], expect(403, admin=200, coordinator=200)),
    Row(
        "accounts:membership-create",
        lambda t: [t.users["curator_b"].pk],
        expect(403, admin=302, coordinator=302),
        method="post",
        data=lambda t: {"role-role": "psychologist", "role-organization": t.school_b.pk},
    ),
    Row(
        "accounts:membership-delete",
        lambda t: [t.users["viewer"].pk, t.users["viewer"].memberships.get().pk],
        expect(403, admin=302, coordinator=302),
        method="post",
    ),
    Row("accounts:audit-list", no_args, expect(403, **PERSONAL_READERS)),
    # orgs
    Row("orgs:organization-list", no_args, ALL_OK),
    Row("orgs:organization-create", no_args, expect(403, admin=200, coordinator=200)),
    Row(
        "orgs:organization-detail",
        lambda t: [t.school_a.pk],
        expect(200, curator_b=404, mentor=404, mentee=404),
    ),
    Row(
        "orgs:organization-update",
        lambda t: [t.school_a.pk],
        expect(404, regional=403, psychologist=403, viewer=403, **WRITERS_A),
    ),
    Row(
        "orgs:organization-update",
        lambda t: [t.school_a.pk],
        expect(404, regional=403, psychologist=403, viewer=403, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {
            "municipality": t.municipality.pk,
            "kind": "school",
            "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»",
            "short_name": "МБОУ «СШ № 1»",
        },
        state=lambda t: list(Organization.objects.values_list("pk", "short_name").order_by("pk")),
    ),
    Row("orgs:municipality-list", no_args, ALL_OK),
    Row("orgs:municipality-create", no_args, expect(403, admin=200)),
    Row("orgs:region-create", no_args, expect(403, admin=200)),
    Row(
        "orgs:region-create",
        no_args,
        expect(403, admin=302),
        method="post",
        data=lambda t: {"name": "Курская область"},
        state=lambda t: list(Region.objects.values_list("name", flat=True).order_by("name")),
    ),
    Row(
        "orgs:municipality-update",
        lambda t: [t.municipality.pk],
        expect(404, admin=200, coordinator=200, regional=403, viewer=403),
    ),
    Row(
        "orgs:municipality-update",
        lambda t: [t.municipality.pk],
        expect(404, admin=302, coordinator=302, regional=403, viewer=403),
        method="post",
        data=lambda t: {
            "region": t.region.pk,
            "name": "Старооскольский округ",
            "young_rule": "experience",
            "young_experience_years": 5,
            "young_age_years": 35,
            "default_mentor_capacity": 3,
        },
        state=lambda t: list(Municipality.objects.values_list("pk", "name", "young_rule").order_by("pk")),
    ),
    # people
    Row("people:person-list", no_args, expect(403, mentor=200, mentee=200, **PERSONAL_READERS)),
    Row("people:person-create", no_args, expect(403, **WRITERS)),
    Row("people:person-detail", lambda t: [t.person_a.pk], expect(404, **PERSONAL_READERS_A)),
    Row("people:person-update", lambda t: [t.person_a.pk], expect(404, regional=403, **WRITERS_A)),
    Row(
        "people:person-update",
        lambda t: [t.person_a.pk],
        expect(404, regional=403, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {
            "last_name": "Ёлкина-Иванова",
            "first_name": "Анна",
            "gender": "female",
            "kind": "pedagogue",
            "organization": t.school_a.pk,
            "qualification": "first",
        },
        state=person_state,
    ),
    Row(
        "people:person-delete",
        lambda t: [t.person_a.pk],
        expect(404, regional=403, **{k: 302 for k in WRITERS_A}),
        method="post",
        state=person_state,
    ),
    Row(
        "people:consent-create",
        lambda t: [t.person_a.pk],
        expect(404, regional=403, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"kind": "publication", "given_on": TODAY, "method": "paper"},
        state=lambda t: Consent.objects.count(),
    ),
    Row(
        "people:consent-print",
        lambda t: [t.person_a.pk, "processing"],
        expect(404, **PERSONAL_READERS_A),
    ),
    Row("people:consent-withdraw", lambda t: [t.consent_a.pk], expect(404, regional=403, **WRITERS_A)),
    Row(
        "people:consent-withdraw",
        lambda t: [t.consent_a.pk],
        expect(404, regional=403, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"withdrawn_on": TODAY, "note": "заявление"},
        state=consent_state,
    ),
    Row("people:consent-scan", lambda t: [t.consent_a.pk], expect(404, **PERSONAL_READERS_A)),
    Row("people:registry-import", no_args, expect(403, **WRITERS)),
    Row(
        "people:registry-import-confirm",
        no_args,
        expect(403, **{k: 302 for k in WRITERS}),
        method="post",
        state=person_state,
    ),
    Row("people:registry-template", no_args, ALL_OK),
    Row("people:registry-export", no_args, expect(403, mentor=200, mentee=200, **PERSONAL_READERS)),
    # mentoring
    Row("mentoring:mentor-list", no_args, ALL_OK),
    Row("mentoring:mentor-create", no_args, expect(403, **WRITERS)),
    Row("mentoring:mentor-export", no_args, ALL_OK),
    Row("mentoring:municipal-bank", no_args, ALL_OK),
    Row("mentoring:mentor-detail", lambda t: [t.mentor_a.pk], expect(200, curator_b=404, mentee=404)),
    Row(
        "mentoring:mentor-update",
        lambda t: [t.mentor_a.pk],
        expect(403, curator_b=404, mentee=404, **WRITERS_A),
    ),
    Row(
        "mentoring:mentor-update",
        lambda t: [t.mentor_a.pk],
        expect(403, curator_b=404, mentee=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"capacity": 3, "status": "in_bank"},
        state=mentor_state,
    ),
    Row(
        "mentoring:mentor-nominate",
        lambda t: [t.mentor_a.pk],
        expect(403, curator_b=404, mentee=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        state=mentor_state,
    ),
    Row(
        "mentoring:mentor-decide",
        lambda t: [t.mentor_a.pk],
        expect(403, admin=302, coordinator=302),
        method="post",
        data=lambda t: {"admit": "1"},
        state=mentor_state,
    ),
    Row("mentoring:mentee-list", no_args, ALL_OK),
    Row("mentoring:mentee-create", no_args, expect(403, **WRITERS)),
    Row("mentoring:mentee-export", no_args, ALL_OK),
    Row("mentoring:mentee-waiting", no_args, ALL_OK),
    Row("mentoring:mentee-detail", lambda t: [t.mentee_a.pk], expect(200, curator_b=404, mentor=404)),
    Row(
        "mentoring:mentee-update",
        lambda t: [t.mentee_a.pk],
        expect(403, curator_b=404, mentor=404, **WRITERS_A),
    ),
    Row(
        "mentoring:mentee-update",
        lambda t: [t.mentee_a.pk],
        expect(403, curator_b=404, mentor=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"category": "burnout", "requested_on": TODAY, "status": "waiting"},
        state=mentee_state,
    ),
    Row("mentoring:person-history", lambda t: [t.person_a.pk], expect(404, regional=403, **WRITERS_A)),
    Row(
        "mentoring:compatibility-note-save",
        lambda t: [t.mentee_a.pk],
        expect(403, curator_b=404, psychologist=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"mentor": t.mentor_a.pk, "verdict": "recommended", "note": "Сходные темпераменты"},
        state=lambda t: list(CompatibilityNote.objects.values_list("pk", "verdict").order_by("pk")),
    ),
    # pairs and groups
    Row("mentoring:mentorship-list", no_args, ALL_OK),
    Row("mentoring:mentorship-create", no_args, expect(403, **WRITERS)),
    Row(
        "mentoring:mentorship-create",
        no_args,
        expect(403, **WRITERS),  # the form comes back: the mentee is already in a pair for the same need
        method="post",
        data=lambda t: {
            "mentors": [t.mentor_a.pk],
            "mentees": [t.mentee_a.pk],
            "pairing": "teacher_teacher",
            "kinds": ["traditional"],
            "started_on": TODAY,
            "planned_end_on": "2025-05-31",
        },
        state=pair_state,
    ),
    Row("mentoring:mentorship-detail", lambda t: [t.mentorship_a.pk], expect(200, curator_b=404)),
    Row(
        "mentoring:mentorship-order",
        lambda t: [t.mentorship_a.pk],
        expect(403, curator_b=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"order_number": "12-ОД", "order_date": TODAY},
        state=pair_state,
    ),
    Row(
        "mentoring:mentorship-status",
        lambda t: [t.mentorship_a.pk],
        expect(403, curator_b=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"to": "ended_early", "reason": "agreement"},
        state=pair_state,
    ),
    Row(
        "mentoring:participant-consent",
        lambda t: [t.mentorship_a.pk, t.mentorship_a.participants.get(role="mentor").pk],
        expect(403, curator_b=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"duties_consent_on": TODAY},
        state=lambda t: list(Participant.objects.values_list("pk", "duties_consent_on").order_by("pk")),
    ),
    Row(
        "mentoring:request-create",
        lambda t: [t.mentorship_a.pk],
        expect(302, curator_b=404),  # anyone in scope may post; only a participant's request is kept
        method="post",
        data=lambda t: {"reason": "Не совпадаем по расписанию"},
        state=request_state,
    ),
    Row(
        "mentoring:request-decide",
        lambda t: [pending_request(t).pk],
        expect(403, curator_b=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"grant": "0", "note": "Пара работает недавно"},
        state=request_state,
    ),
    # matching
    Row("mentoring:match", no_args, expect(403, **WRITERS)),
    Row(
        "mentoring:match-reset",
        no_args,
        expect(403, **{k: 302 for k in WRITERS}),
        method="post",
        data=lambda t: {"municipality": t.municipality.pk},
    ),
    Row(
        "mentoring:match-edit",
        no_args,
        expect(403, **{k: 302 for k in WRITERS}),
        method="post",
        data=lambda t: {"municipality": t.municipality.pk, "mentee": waiting_mentee(t).pk},
        state=pair_state,
    ),
    Row(
        "mentoring:match-approve",
        no_args,
        expect(403, **{k: 302 for k in WRITERS}),
        method="post",
        data=lambda t: {"municipality": t.municipality.pk},
        state=pair_state,
    ),
    Row(
        "mentoring:match-candidates",
        lambda t: [waiting_mentee(t).pk],
        expect(403, admin=404, curator_b=404, coordinator=200, head=200, curator_a=200),
    ),
    # programs
    Row(
        "programs:program-create",
        lambda t: [t.mentorship_a.pk],
        expect(403, curator_b=404, mentor=200, **WRITERS_A),
    ),
    Row(
        "programs:program-create",
        lambda t: [t.mentorship_a.pk],
        expect(403, curator_b=404, mentor=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {
            "template": default_template().pk,
            "starts_on": t.mentorship_a.started_on.isoformat(),
            "ends_on": add_months(t.mentorship_a.started_on, 6).isoformat(),
        },
        state=lambda t: program_state(t),
    ),
    Row("programs:program-detail", lambda t: [program_a(t).pk], expect(200, curator_b=404)),
    Row("programs:program-update", lambda t: [program_a(t).pk], expect(403, curator_b=404, mentor=200, **WRITERS_A)),
    Row(
        "programs:program-update",
        lambda t: [program_a(t).pk],
        expect(403, curator_b=404, mentor=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {
            "tasks": "Освоить технологию формирующего оценивания",
            "starts_on": program_a(t).starts_on.isoformat(),
            "ends_on": program_a(t).ends_on.isoformat(),
            "interaction": "individual",
            "mode": "mixed",
        },
        state=lambda t: program_state(t),
    ),
    Row("programs:activity-create", lambda t: [program_a(t).pk], expect(403, curator_b=404, mentor=200, **WRITERS_A)),
    Row(
        "programs:activity-create",
        lambda t: [program_a(t).pk],
        expect(403, curator_b=404, mentor=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {
            "block": "4.4",
            "content": "Посещение урока с последующим анализом",
            "deadline": program_a(t).ends_on.isoformat(),
            "format": "in_person",
        },
        state=lambda t: program_state(t),
    ),
    Row("programs:activity-update", lambda t: [activity_a(t).pk], expect(403, curator_b=404, mentor=200, **WRITERS_A)),
    Row(
        "programs:activity-update",
        lambda t: [activity_a(t).pk],
        expect(403, curator_b=404, mentor=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {
            "block": "I",
            "content": "Диагностика затруднений",
            "deadline": program_a(t).ends_on.isoformat(),
            "format": "remote",
        },
        state=lambda t: program_state(t),
    ),
    Row(
        "programs:activity-delete",
        lambda t: [activity_a(t).pk],
        expect(403, curator_b=404, mentor=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        state=lambda t: program_state(t),
    ),
    Row(
        "programs:activity-mark",
        lambda t: [activity_a(t).pk],
        expect(403, curator_b=404, mentor=200, mentee=200, **WRITERS_A),
    ),
    Row(
        "programs:activity-mark",
        lambda t: [activity_a(t).pk],
        expect(403, curator_b=404, mentor=302, mentee=302, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"done": "1", "actual_result": "Проведена диагностика"},
        state=lambda t: program_state(t),
    ),
    Row("programs:activity-evidence", lambda t: [activity_with_evidence(t).pk], expect(200, curator_b=404)),
    *[
        Row(
            f"programs:program-{step}",
            lambda t: [program_a(t).pk],
            expect(403, curator_b=404, **{k: 302 for k in signers}),  # only the signer's step is kept
            method="post",
            data=lambda t: {"outcome": "Затруднения преодолены"},
            state=lambda t: program_state(t),
        )
        for step, signers in [
            ("submit", [*WRITERS_A, "mentor", "mentee"]),
            ("agree", [*WRITERS_A]),
            ("acknowledge", [*WRITERS_A, "mentor", "mentee"]),
            ("complete", [*WRITERS_A, "mentor"]),
            ("offer", [*WRITERS_A]),
        ]
    ],
    Row("programs:template-list", no_args, expect(403, admin=200, coordinator=200)),
    Row(
        "programs:template-create",
        no_args,
        expect(403, admin=302, coordinator=302),
        method="post",
        data=lambda t: {"source": default_template().pk},
        state=lambda t: template_state(t),
    ),
    Row(
        "programs:template-update",
        lambda t: [municipal_template(t).pk],
        expect(404, admin=200, coordinator=200, regional=403, viewer=403),
    ),
    Row(
        "programs:template-update",
        lambda t: [municipal_template(t).pk],
        expect(404, admin=302, coordinator=302, regional=403, viewer=403),
        method="post",
        data=lambda t: {
            "name": "Программа молодого педагога",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-code": "I",
            "sections-0-title": "Адаптация в коллективе",
        },
        state=lambda t: template_state(t),
    ),
    # documents: registry and review
    Row("documents:document-list", no_args, expect(403, **PERSONAL_READERS, psychologist=200, viewer=200)),
    Row("documents:document-upload", no_args, expect(403, **WRITERS)),
    Row(
        "documents:document-upload",
        no_args,
        expect(403, admin=302, coordinator=302, head=302, curator_a=302, curator_b=200),
        method="post",
        data=lambda t: {
            "organization": t.school_a.pk,
            "kind": "protocol",
            "title": "Протокол заседания",
            "date": TODAY,
            "file": upload_pdf(),
        },
        state=lambda t: document_state(t),
    ),
    *[
        Row(name, document_args_for(name), expect(404, **READERS_A))
        for name in ("documents:document-detail", "documents:document-file", "documents:document-scan")
    ],
    *[
        Row(
            name,
            lambda t: [document_a(t).pk],
            expect(404, **{p: 302 for p in WRITERS_A}, regional=403, psychologist=403, viewer=403),
            method="post",
            data=data,
            state=lambda t: document_state(t),
        )
        for name, data in [
            ("documents:document-version-upload", lambda t: {"file": upload_pdf()}),
            ("documents:document-scan-upload", lambda t: {"scan": upload_pdf()}),
            ("documents:document-public", lambda t: {}),
            ("documents:document-submit", lambda t: {}),
        ]
    ],
    *[
        Row(
            name,
            lambda t: [submitted_document(t).pk],
            expect(
                404, admin=302, coordinator=302, regional=403, head=403, curator_a=403, psychologist=403, viewer=403
            ),
            method="post",
            data=lambda t: {"remarks": "Нет раздела о стимулировании наставников"},
            state=lambda t: document_state(t),
        )
        for name in ("documents:document-approve", "documents:document-return")
    ],
    Row("documents:review-queue", no_args, expect(403, admin=200, coordinator=200)),
    Row("documents:required-acts", no_args, expect(403, admin=200, coordinator=200)),
    Row(
        "documents:required-acts",
        no_args,
        expect(403, admin=302, coordinator=302),
        method="post",
        data=lambda t: {"municipality": t.municipality.pk, "kinds": ["regulation"]},
        state=lambda t: list(RequiredActs.objects.values_list("municipality", "kinds")),
    ),
    # documents: generated
    Row("documents:generate-pairs-order", no_args, expect(403, **WRITERS)),
    Row(
        "documents:generate-pairs-order",
        no_args,
        expect(403, curator_b=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: consented_pairs(t),
        state=lambda t: (pair_state(t), Document.objects.count()),
    ),
    Row("documents:generate-order", no_args, expect(403, **WRITERS)),
    Row(
        "documents:generate-order",
        no_args,
        expect(403, curator_b=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        data=lambda t: {"organization": t.school_a.pk, "kind": "order_model"},
        state=lambda t: Document.objects.count(),
    ),
    Row(
        "documents:generated-regenerate",
        lambda t: [generated_order(t).pk],
        expect(403, curator_b=404, mentor=404, mentee=404, **{k: 302 for k in WRITERS_A}),
        method="post",
        state=lambda t: DocumentVersion.objects.count(),
    ),
    Row(
        "documents:generated-pdf",
        lambda t: [generated_order(t).pk],
        expect(200 if soffice() else 302, curator_b=404, mentor=404, mentee=404),
    ),
    Row("documents:program-docx", lambda t: [program_a(t).pk], expect(200, curator_b=404)),
    Row("documents:certificate", lambda t: [t.mentor_a.pk], expect(200, curator_b=404, mentee=404)),
    Row("documents:template-list", no_args, expect(403, admin=200, coordinator=200)),
    Row("documents:template-download", lambda t: ["order_pairs"], expect(403, admin=200, coordinator=200)),
    Row(
        "documents:template-upload",
        lambda t: ["order_model"],
        expect(403, admin=302, coordinator=302),
        method="post",
        data=lambda t: {"municipality": t.municipality.pk, "file": shipped_upload("order_model")},
        state=lambda t: list(DocumentTemplate.objects.values_list("pk", "kind", "file").order_by("pk")),
    ),
    Row(
        "documents:template-delete",
        lambda t: [own_template(t).pk],
        expect(404, admin=302, coordinator=302, regional=403, viewer=403),
        method="post",
        state=lambda t: DocumentTemplate.objects.count(),
    ),
]


# documents: generated
def consented_pairs(t: PersonasTestCase) -> dict[str, Any]:
    """The personas' pair with the written consents of its participants, chosen for the order."""
    t.mentorship_a.participants.update(duties_consent_on=t.mentorship_a.started_on)
    return {"pairs": [t.mentorship_a.pk]}


def generated_order(t: PersonasTestCase) -> Document:
    document = Document.objects.filter(organization=t.school_a, kind="order_model", versions__generated=True).first()
    if document is None:
        document = document_generate(kind="order_model", organization=t.school_a, ids=[], on=date(2025, 1, 15), by=None)
    return document


def shipped_upload(kind: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{kind}.docx", shipped_template(kind).read_bytes())


def own_template(t: PersonasTestCase) -> DocumentTemplate:
    template = DocumentTemplate.objects.filter(municipality=t.municipality, kind="order_curator").first()
    if template is None:
        template = DocumentTemplate(municipality=t.municipality, kind="order_curator")
        template.file.save("own.docx", ContentFile(shipped_template("order_curator").read_bytes()), save=True)
    return template


# documents: a school A document with a file and a signed scan, and one on review, made once.


def upload_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("polozhenie.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def document_a(t: PersonasTestCase) -> Document:
    document = Document.objects.filter(organization=t.school_a, kind="regulation").first()
    if document is None:
        document = document_register(
            organization=t.school_a,
            kind="regulation",
            title="Положение о системе наставничества",
            on=date(2025, 1, 10),
            content=b"%PDF-1.4 test",
            filename="polozhenie.pdf",
            by=None,
            generated=False,
            number="",
        )
        document_attach_scan(document=document, content=b"%PDF-1.4 scan", filename="skan.pdf", by=t.users["admin"])
    return document


def document_args(t: PersonasTestCase, name: str) -> list[Any]:
    document = document_a(t)
    if name == "documents:document-detail":
        return [document.pk]
    return [document.pk, document.versions.get().pk]


def submitted_document(t: PersonasTestCase) -> Document:
    document = Document.objects.filter(organization=t.school_a, kind="roadmap").first()
    if document is None:
        document = document_register(
            organization=t.school_a,
            kind="roadmap",
            title="Дорожная карта",
            on=date(2025, 1, 10),
            content=b"%PDF-1.4 test",
            filename="karta.pdf",
            by=None,
            generated=False,
            number="",
        )
        document_submit(document=document, by=t.users["curator_a"])
    return document


def document_state(t: PersonasTestCase) -> Any:
    documents = list(Document.objects.values_list("pk", "review_status", "is_public").order_by("pk"))
    return documents, DocumentVersion.objects.filter(scan="").count(), ReviewStep.objects.count()


# programs: the program of the personas' pair (mentor_a and mentee_a), made once when a row needs it.
def default_template() -> ProgramTemplate:
    return ProgramTemplate.objects.get(municipality=None, is_default=True)


def program_a(t: PersonasTestCase) -> Program:
    program = Program.objects.filter(mentorship=t.mentorship_a).first()
    return program if program is not None else make_program(t.mentorship_a)


def activity_a(t: PersonasTestCase) -> Activity:
    return program_a(t).activities.order_by("order", "pk").first()  # type: ignore[return-value]


def activity_with_evidence(t: PersonasTestCase) -> Activity:
    activity = activity_a(t)
    if not activity.evidence_file:
        activity.evidence_file.save("protokol.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return activity


def program_state(t: PersonasTestCase) -> Any:
    programs = list(
        Program.objects.values_list("pk", "status", "version", "tasks", "offered_to_bank_at").order_by("pk")
    )
    activities = list(Activity.objects.values_list("pk", "status", "block", "content", "deadline").order_by("pk"))
    return programs, activities


def municipal_template(t: PersonasTestCase) -> ProgramTemplate:
    template, _ = ProgramTemplate.objects.get_or_create(name="Шаблон округа", municipality=t.municipality)
    return template


def template_state(t: PersonasTestCase) -> Any:
    return list(ProgramTemplate.objects.values_list("pk", "name").order_by("pk")), TemplateSection.objects.count()


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


class AccessTableTest(PersonasTestCase):
    def test_every_url_is_in_the_table(self) -> None:
        missing = all_url_names() - {row.name for row in TABLE}
        self.assertEqual(missing, set(), "Add these URLs to the access table in nastavnik/tests/test_access.py")

    def test_every_persona_gets_the_expected_answer(self) -> None:
        for row in TABLE:
            url = reverse(row.name, args=row.args(self))
            for persona in PERSONAS:
                with self.subTest(url=row.name, method=row.method, persona=persona), transaction.atomic():
                    client = Client()
                    if persona != "anonymous":
                        client.force_login(self.users[persona])
                    before = row.state(self) if row.state else None
                    response = getattr(client, row.method)(url, row.data(self))
                    self.assertEqual(response.status_code, row.expected[persona], f"{row.method.upper()} {url}")
                    if row.expected[persona] in (403, 404) and row.state:
                        self.assertEqual(row.state(self), before, "a refused request changed data")
                    if persona == "anonymous" and row.expected[persona] == LOGIN and row.name != "accounts:logout":
                        self.assertIn(reverse("accounts:login"), response["Location"])
                    transaction.set_rollback(True)

    def test_a_refusal_outside_the_scope_is_logged(self) -> None:
        self.login("curator_b")
        self.client.get(reverse("people:person-detail", args=[self.person_a.pk]))
        event = AuditEvent.objects.get(kind=AuditKind.REFUSED)
        self.assertEqual(event.username, "curator_b")
        self.assertIn("вне области доступа", event.details)
