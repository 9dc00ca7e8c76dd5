"""Programs: the default template of seed 004, building a program from it, the period, the plan and its
execution with evidence, the signatures in order, versions after agreement, completion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Prefetch
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.factory import (
    add_role,
    make_activity,
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_organization,
    make_person,
    make_program,
    make_user,
)
from nastavnik.mentoring import services as mentoring_services
from nastavnik.mentoring.models import Difficulty, Mentee, MenteeStatus, MentorshipStatus
from nastavnik.programs import services
from nastavnik.programs.models import (
    Activity,
    ActivityStatus,
    Program,
    ProgramStatus,
    ProgramTemplate,
    ProgramVersion,
    add_months,
    period_error,
)

TODAY = timezone.localdate()
SEED_CODES = ["I", "II", "III", "IV", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]


class World:
    """A school with a pair of a mentor and a mentee (with two difficulties), its head and curator,
    and another mentor of the same school with a pair of their own."""

    def __init__(self) -> None:
        self.school = make_organization()
        self.head = make_user(Role.HEAD, self.school)
        self.curator = make_user(Role.CURATOR, self.school)
        self.mentor_user = make_user(Role.MENTOR, self.school)
        self.mentee_user = make_user(Role.MENTEE, self.school)
        self.other_mentor_user = make_user(Role.MENTOR, self.school)
        self.mentor = self._mentor(self.mentor_user)
        self.mentee = self._mentee(self.mentee_user)
        self.difficulties = list(Difficulty.objects.all()[:2])
        self.mentee.difficulties.set(self.difficulties)
        self.pair = make_mentorship(
            mentors=[self.mentor], mentees=[self.mentee], started_on=TODAY, planned_end_on=add_months(TODAY, 8)
        )
        self.other_pair = make_mentorship(
            mentors=[self._mentor(self.other_mentor_user)], mentees=[self._mentee(None)], started_on=TODAY
        )

    def _mentor(self, user):  # type: ignore[no-untyped-def]
        person = make_person(organization=self.school, user=user)
        make_consent(person)
        return make_mentor(person)

    def _mentee(self, user):  # type: ignore[no-untyped-def]
        person = make_person(organization=self.school, user=user)
        make_consent(person)
        return make_mentee(person, requested_on=TODAY - timedelta(days=5))


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return World()


@pytest.fixture
def program(world):  # type: ignore[no-untyped-def]
    return services.program_create_from_template(
        mentorship=world.pair, template=ProgramTemplate.objects.get(is_default=True), by=world.mentor_user
    )


def agreed(world, program):  # type: ignore[no-untyped-def]
    services.program_submit(program=program, by=world.mentor_user)
    return services.program_agree(program=program, by=world.head)


def pdf(name: str = "analiz.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 protocol", content_type="application/pdf")


def test_the_default_template_has_the_blocks_of_the_seed(db):  # type: ignore[no-untyped-def]
    template = ProgramTemplate.objects.get(is_default=True, municipality=None)
    sections = list(template.sections.all())
    assert [s.code for s in sections] == SEED_CODES
    assert [s.parent for s in sections] == ["", "", "", "", "IV", "IV", "IV", "IV", "IV", "IV"]
    assert sections[0].title == "Изучение уровня профессиональных компетенций педагога, нуждающегося в наставничестве"
    assert sections[3].title == "Сопровождение деятельности педагога, нуждающегося в наставничестве"
    assert sections[7].title.startswith("Посещение наставником уроков, занятий внеурочной деятельности")
    assert "Отдельные блоки работ могут не реализовываться" in template.notes
    assert "рефлексии" in template.notes


def test_a_program_from_the_template_spreads_the_activities_over_the_pair_dates(world, program):  # type: ignore[no-untyped-def]
    activities = list(program.activities.order_by("order"))
    # Block IV is a heading of its parts: nine activities, one per block without parts.
    assert [a.block for a in activities] == ["I", "II", "III", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    assert activities[3].content.startswith("Оказание помощи в разработке учебно-методической")
    deadlines = [a.deadline for a in activities]
    assert deadlines == sorted(deadlines) and len(set(deadlines)) == 9
    assert (program.starts_on, program.ends_on) == (world.pair.started_on, world.pair.planned_end_on)
    assert deadlines[-1] == program.ends_on and deadlines[0] > program.starts_on
    assert set(program.difficulties.all()) == set(world.difficulties)
    assert all(d.name in program.goal for d in world.difficulties)
    assert [b["code"] for b in program.blocks] == SEED_CODES
    assert program.status == ProgramStatus.DRAFT and program.created_by == world.mentor_user


def test_the_pair_has_one_program_and_the_mentee_does_not_write_it(world, program):  # type: ignore[no-untyped-def]
    template = ProgramTemplate.objects.get(is_default=True)
    with pytest.raises(ValidationError, match="уже есть программа"):
        services.program_create_from_template(mentorship=world.pair, template=template, by=world.curator)
    with pytest.raises(ValidationError, match="наставник пары, куратор и руководитель"):
        services.program_create_from_template(mentorship=world.other_pair, template=template, by=world.mentee_user)
    with pytest.raises(ValidationError, match="наставник пары, куратор и руководитель"):
        services.program_create_from_template(mentorship=world.other_pair, template=template, by=world.mentor_user)
    assert Program.objects.count() == 1


@pytest.mark.parametrize(
    ("months", "days", "error"),
    [
        (3, -1, None),
        (12, 0, None),
        (6, 0, None),
        (3, -2, "не меньше 3 месяцев"),
        (12, 1, "не больше 1 года"),
        (0, -1, "раньше её начала"),
    ],
)
def test_the_period_is_from_3_months_to_a_year(months, days, error):  # type: ignore[no-untyped-def]
    start = date(2025, 1, 31)
    found = period_error(start, add_months(start, months) + timedelta(days=days))
    assert (found is None) if error is None else (error in str(found))


def test_a_period_too_long_is_refused_and_nothing_changes(world, program):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        services.program_update(
            program=program,
            fields={"ends_on": add_months(program.starts_on, 13)},
            difficulties=None,
            by=world.mentor_user,
        )
    assert info.value.message_dict == {"ends_on": ["Период реализации программы — не больше 1 года."]}
    with pytest.raises(ValidationError, match="Сроки 6 мероприятий выходят за период"):
        services.program_update(
            program=program, fields={"ends_on": add_months(program.starts_on, 3)}, difficulties=None, by=world.curator
        )
    assert Program.objects.get(pk=program.pk).ends_on == world.pair.planned_end_on
    template = ProgramTemplate.objects.get(is_default=True)
    with pytest.raises(ValidationError, match="не меньше 3 месяцев"):
        services.program_create_from_template(
            mentorship=world.other_pair, template=template, by=world.curator, ends_on=TODAY + timedelta(days=60)
        )


def test_goals_come_from_the_mentee_difficulties(world, program):  # type: ignore[no-untyped-def]
    stranger = Difficulty.objects.exclude(pk__in=[d.pk for d in world.difficulties]).earliest("pk")
    with pytest.raises(ValidationError) as info:
        services.program_update(program=program, fields={}, difficulties=[stranger], by=world.mentor_user)
    assert "difficulties" in info.value.message_dict
    services.program_update(program=program, fields={}, difficulties=world.difficulties[:1], by=world.mentor_user)
    assert list(program.difficulties.all()) == world.difficulties[:1]


def test_the_mentor_marks_an_activity_done_with_evidence(world, program):  # type: ignore[no-untyped-def]
    activity = program.activities.first()
    services.activity_mark(
        activity=activity,
        done=True,
        done_on=TODAY,
        actual_result="Проведена диагностика, составлена карта затруднений",
        evidence_note="Протокол диагностики",
        evidence_file=pdf(),
        evidence_link="https://school.example/diag",
        by=world.mentor_user,
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE and activity.done_on == TODAY
    assert activity.evidence_file.name.startswith("programs/evidence/")
    assert activity.marked_by == world.mentor_user
    assert program.progress() == (1, 9)


def test_the_mentee_marks_too_and_another_mentor_does_not(world, program):  # type: ignore[no-untyped-def]
    activity = program.activities.first()
    services.activity_mark(activity=activity, done=False, actual_result="Болел", by=world.mentee_user)
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.NOT_DONE
    with pytest.raises(ValidationError, match="участники пары"):
        services.activity_mark(activity=activity, done=True, actual_result="Сделано", by=world.other_mentor_user)
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.NOT_DONE


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "PDF, PNG, JPEG"),
        (SimpleUploadedFile("a.docx", b"PK\x03\x04 broken"), "повреждён"),
    ],
)
def test_evidence_of_another_type_is_refused(world, program, upload, message):  # type: ignore[no-untyped-def]
    activity = program.activities.first()
    with pytest.raises(ValidationError) as info:
        services.activity_mark(
            activity=activity, done=True, actual_result="Сделано", evidence_file=upload, by=world.mentor_user
        )
    assert message in info.value.message_dict["evidence_file"][0]
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.PLANNED


def test_evidence_over_the_size_limit_is_refused(world, program, settings):  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="Файл больше"):
        services.activity_mark(
            activity=program.activities.first(),
            done=True,
            actual_result="Сделано",
            evidence_file=pdf(),
            by=world.mentor_user,
        )


def test_marking_needs_a_result_and_a_date_not_in_the_future(world, program):  # type: ignore[no-untyped-def]
    activity = program.activities.first()
    with pytest.raises(ValidationError) as info:
        services.activity_mark(activity=activity, done=True, actual_result=" ", by=world.mentor_user)
    assert info.value.message_dict == {"actual_result": ["Напишите фактический результат."]}
    with pytest.raises(ValidationError, match="в будущем"):
        services.activity_mark(
            activity=activity, done=True, actual_result="Да", done_on=TODAY + timedelta(days=1), by=world.mentor_user
        )


def test_the_signatures_go_in_order_each_by_its_signer(world, program):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="направил на согласование"):
        services.program_agree(program=program, by=world.head)
    with pytest.raises(ValidationError, match="наставник пары"):
        services.program_submit(program=program, by=world.curator)
    services.program_submit(program=program, by=world.mentor_user)
    with pytest.raises(ValidationError, match="согласовал руководитель"):
        services.program_acknowledge(program=program, by=world.mentee_user)
    with pytest.raises(ValidationError, match="руководитель организации"):
        services.program_agree(program=program, by=world.curator)
    services.program_agree(program=program, by=world.head)
    with pytest.raises(ValidationError, match="наставляемый этой пары"):
        services.program_acknowledge(program=program, by=world.mentor_user)
    services.program_acknowledge(program=program, by=world.mentee_user)
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACKNOWLEDGED
    assert (program.submitted_by, program.agreed_by, program.acknowledged_by) == (
        world.mentor_user,
        world.head,
        world.mentee_user,
    )
    assert program.submitted_at <= program.agreed_at <= program.acknowledged_at


def test_a_head_of_another_school_does_not_agree_but_the_coordinator_does(world, program):  # type: ignore[no-untyped-def]
    services.program_submit(program=program, by=world.mentor_user)
    other_head = make_user(Role.HEAD, make_organization(municipality=world.school.municipality))
    add_role(other_head, Role.CURATOR, world.school)
    with pytest.raises(ValidationError, match="руководитель организации"):
        services.program_agree(program=program, by=other_head)
    coordinator = make_user(Role.COORDINATOR, world.school.municipality)
    assert services.program_agree(program=program, by=coordinator).status == ProgramStatus.AGREED


def test_submitting_needs_a_goal_and_its_difficulties(world, program):  # type: ignore[no-untyped-def]
    services.program_update(program=program, fields={"goal": ""}, difficulties=None, by=world.mentor_user)
    with pytest.raises(ValidationError) as info:
        services.program_submit(program=program, by=world.mentor_user)
    assert info.value.message_dict == {"goal": ["Заполните цель программы."]}


def test_a_change_after_agreement_keeps_the_agreed_version(world, program):  # type: ignore[no-untyped-def]
    services.program_update(
        program=program, fields={"tasks": "Черновик задач"}, difficulties=None, by=world.mentor_user
    )
    assert ProgramVersion.objects.count() == 0
    agreed(world, program)
    services.program_update(program=program, fields={"tasks": "Новые задачи"}, difficulties=None, by=world.mentor_user)
    program.refresh_from_db()
    version = program.versions.get()
    assert (version.number, program.version) == (1, 2)
    assert version.snapshot["tasks"] == "Черновик задач"
    assert version.snapshot["agreed"][0] == str(world.head)
    assert len(version.snapshot["activities"]) == 9
    assert program.status == ProgramStatus.DRAFT and program.agreed_by is None and program.tasks == "Новые задачи"
    # Saving the same text again is no change.
    agreed(world, program)
    services.program_update(program=program, fields={"tasks": "Новые задачи"}, difficulties=None, by=world.curator)
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.AGREED
    assert program.versions.count() == 1
    # A new activity in the agreed second version makes version 2 a kept one, too.
    fields = {"block": "4.4", "content": "Посещение урока", "deadline": program.ends_on, "format": "remote"}
    services.activity_add(program=program, fields=fields, by=world.mentor_user)
    assert list(program.versions.values_list("number", flat=True)) == [2, 1]
    assert Program.objects.get(pk=program.pk).version == 3


def test_marking_an_activity_is_not_a_change_of_the_program(world, program):  # type: ignore[no-untyped-def]
    agreed(world, program)
    services.activity_mark(activity=program.activities.first(), done=True, actual_result="Да", by=world.mentor_user)
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.AGREED
    assert ProgramVersion.objects.count() == 0


def test_an_activity_keeps_to_the_program_period_and_blocks(world, program):  # type: ignore[no-untyped-def]
    base = {"block": "I", "content": "Анкетирование", "deadline": program.ends_on + timedelta(days=1)}
    with pytest.raises(ValidationError) as info:
        services.activity_add(program=program, fields=base, by=world.mentor_user)
    assert "deadline" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.activity_add(program=program, fields={**base, "block": "VII", "deadline": TODAY}, by=world.mentor_user)
    assert "block" in info.value.message_dict
    with pytest.raises(ValidationError, match="наставник пары"):
        services.activity_add(program=program, fields={**base, "deadline": TODAY}, by=world.mentee_user)
    activity = services.activity_add(program=program, fields={**base, "deadline": TODAY}, by=world.curator)
    assert activity.order == 10


def _make_active(world):  # type: ignore[no-untyped-def]
    mentoring_services.mentorship_set_order(mentorship=world.pair, number="15-ОД", on=TODAY, by=world.curator)
    for participant in world.pair.participants.all():
        mentoring_services.participant_record_consent(participant=participant, on=TODAY, by=world.curator)
    for to in (MentorshipStatus.APPROVED, MentorshipStatus.ACTIVE):
        mentoring_services.mentorship_transition(mentorship=world.pair, to=to, by=world.curator, on=TODAY)


def test_completion_closes_the_active_pair_and_the_mentee_finishes(world, program):  # type: ignore[no-untyped-def]
    _make_active(world)
    agreed(world, program)
    with pytest.raises(ValidationError, match="ознакомлен наставляемый"):
        services.program_complete(program=program, outcome="Итоги", overcome=[], by=world.mentor_user)
    services.program_acknowledge(program=program, by=world.mentee_user)
    activities = list(program.activities.all())
    for activity in activities[:7]:
        services.activity_mark(activity=activity, done=True, actual_result="Выполнено", by=world.mentor_user)
    with pytest.raises(ValidationError, match="не отмечены 2 мероприятия"):
        services.program_complete(program=program, outcome="Итоги", overcome=[], by=world.mentor_user)
    for activity in activities[7:]:
        services.activity_mark(activity=activity, done=False, actual_result="Перенесено", by=world.mentee_user)
    with pytest.raises(ValidationError) as info:
        services.program_complete(program=program, outcome=" ", overcome=[], by=world.mentor_user)
    assert "outcome" in info.value.message_dict
    services.program_complete(
        program=program, outcome="Затруднения преодолены", overcome=world.difficulties[:1], by=world.mentor_user
    )
    program.refresh_from_db()
    world.pair.refresh_from_db()
    assert program.status == ProgramStatus.COMPLETED
    assert list(program.overcome_difficulties.all()) == world.difficulties[:1]
    assert world.pair.status == MentorshipStatus.COMPLETED and world.pair.ended_on == TODAY
    assert Mentee.objects.get(pk=world.mentee.pk).status == MenteeStatus.FINISHED
    with pytest.raises(ValidationError, match="Программа завершена"):
        services.program_update(program=program, fields={"tasks": "x"}, difficulties=None, by=world.curator)


def test_a_completed_program_is_offered_to_the_bank_once(world, program):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="завершённая программа"):
        services.program_offer_to_bank(program=program, by=world.curator)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.COMPLETED)
    with pytest.raises(ValidationError, match="куратор или руководитель"):
        services.program_offer_to_bank(program=program, by=world.mentor_user)
    assert services.program_offer_to_bank(program=program, by=world.curator).offered_to_bank_at is not None
    with pytest.raises(ValidationError, match="уже предложена"):
        services.program_offer_to_bank(program=program, by=world.curator)


def test_progress_and_deadlines_are_the_same_with_and_without_prefetch(world):  # type: ignore[no-untyped-def]
    program = make_program(world.pair)
    Activity.objects.filter(program=program).delete()
    make_activity(program, deadline=TODAY - timedelta(days=3))
    make_activity(program, deadline=TODAY - timedelta(days=2), status=ActivityStatus.DONE)
    soon = make_activity(program, deadline=TODAY + timedelta(days=4))
    make_activity(program, deadline=TODAY + timedelta(days=9))
    plain = Program.objects.get(pk=program.pk)
    fetched = Program.objects.prefetch_related(Prefetch("activities")).get(pk=program.pk)
    for each in (plain, fetched):
        assert each.progress() == (1, 4)
        assert each.overdue_count(TODAY) == 1
        assert each.next_activity(TODAY) == soon
        assert each.progress_percent() == 25


def test_a_template_with_a_repeated_block_or_an_unknown_parent_is_refused(world):  # type: ignore[no-untyped-def]
    source = ProgramTemplate.objects.get(is_default=True)
    template = services.template_copy(source=source, municipality=world.school.municipality, by=world.head)
    assert [s.code for s in template.sections.all()] == SEED_CODES
    name = {"name": "Наш шаблон", "is_default": True, "notes": ""}
    with pytest.raises(ValidationError, match="«I» повторяется"):
        services.template_update(
            template=template,
            fields=name,
            sections=[{"code": "I", "title": "a"}, {"code": "I", "title": "b"}],
            by=world.head,
        )
    with pytest.raises(ValidationError, match="входит в блок «V»"):
        services.template_update(
            template=template, fields=name, sections=[{"code": "5.1", "title": "a", "parent": "V"}], by=world.head
        )
    sections = [{"code": "I", "title": "Диагностика", "activities": "Анкета\n\nБеседа"}]
    services.template_update(template=template, fields=name, sections=sections, by=world.head)
    assert ProgramTemplate.objects.get(pk=source.pk).is_default  # the shipped default stays for the others
    program = services.program_create_from_template(mentorship=world.pair, template=template, by=world.curator)
    assert list(program.activities.values_list("content", flat=True)) == ["Анкета", "Беседа"]


def test_an_activity_is_left_out_of_the_plan_unless_it_is_marked(world, program):  # type: ignore[no-untyped-def]
    first, second = program.activities.order_by("order")[:2]
    services.activity_mark(activity=first, done=True, actual_result="Да", by=world.mentee_user)
    with pytest.raises(ValidationError, match="уже отмечено"):
        services.activity_delete(activity=first, by=world.mentor_user)
    with pytest.raises(ValidationError, match="наставник пары"):
        services.activity_delete(activity=second, by=world.mentee_user)
    services.activity_delete(activity=second, by=world.mentor_user)
    assert program.activities.count() == 8
