"""Programs of the demonstration pairs (DESIGN §6: a region has about 10,000 with ~15 activities each).

Written in bulk: every approved, active and completed pair gets a program on the default template, its
activities spread over the period, with a few concrete ones added; activities past their deadline are
mostly done (some not done, some overdue), those of completed pairs all done. Drafts have none yet.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from nastavnik.accounts.models import Membership, Role
from nastavnik.mentoring.models import OPEN_STATUSES, Mentorship, MentorshipStatus, Participant, ParticipantRole
from nastavnik.mentoring.signals import demo_pairs_created
from nastavnik.programs.models import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Interaction,
    Mode,
    Program,
    ProgramStatus,
    ProgramTemplate,
)
from nastavnik.programs.services import _plan_of, _spread

EXTRA = (
    ("4.3", "Совместная подготовка открытого урока", "Технологическая карта урока"),
    ("4.4", "Посещение урока наставляемого с последующим анализом", "Анализ урока, рекомендации"),
    ("4.4", "Посещение внеурочного занятия с анализом", "Лист наблюдения"),
    ("4.5", "Посещение уроков наставника", "Конспект приёмов работы"),
    ("4.6", "Консультация по работе с родителями (законными представителями)", "План родительского собрания"),
    ("4.6", "Консультация по оцениванию и обратной связи", "Критерии оценивания"),
    ("4.2", "Разработка контрольно-измерительных материалов", "Комплект КИМ"),
)
RESULTS = (
    "Проведено, замечания учтены",
    "Выполнено в срок",
    "Составлен план, наставляемый работает по нему",
    "Проведено совместно с наставником",
)


@receiver(demo_pairs_created)
def add_demo_programs(sender: Any, seed: int, today: date, **kwargs: Any) -> dict[str, int]:
    rng = random.Random(seed + 1)
    template = ProgramTemplate.objects.get(municipality=None, is_default=True)
    blocks, plan = _plan_of(template)
    pairs = list(
        Mentorship.objects.exclude(status=MentorshipStatus.DRAFT)
        .exclude(status=MentorshipStatus.ENDED_EARLY)
        .order_by("pk")
        .values_list("pk", "status", "started_on", "planned_end_on", "order_number", "order_date")
    )
    needs: dict[int, list[tuple[int, str]]] = defaultdict(list)  # what each pair works on
    pair_needs = Mentorship.difficulties.through.objects.values_list(
        "mentorship_id", "difficulty_id", "difficulty__name"
    )
    for mentorship_id, difficulty_id, name in pair_needs:
        needs[mentorship_id].append((difficulty_id, name))
    # who signed: the demo logins where the pair's people have them, the head of the organization
    heads = dict(Membership.objects.filter(role=Role.HEAD).values_list("organization_id", "user_id"))
    organization_of = dict(Mentorship.objects.values_list("pk", "organization_id"))
    signers = {
        (pair, role): user
        for pair, role, user in Participant.objects.filter(person__user__isnull=False).values_list(
            "mentorship_id", "role", "person__user_id"
        )
    }
    programs, lines = [], []
    for pk, status, started, planned_end, number, order_date in pairs:
        ends = min(planned_end, date(started.year + 1, started.month, 1) - timedelta(days=1))
        done = status not in OPEN_STATUSES
        programs.append(
            Program(
                mentorship_id=pk,
                template=template,
                blocks=blocks,
                basis=f"Приказ № {number} от {order_date:%d.%m.%Y}" if order_date else "",
                goal=_goal(needs[pk]),
                starts_on=started,
                ends_on=ends,
                interaction=Interaction.INDIVIDUAL,  # the demo pairs are one mentor, one mentee
                mode=rng.choice((Mode.IN_PERSON, Mode.IN_PERSON, Mode.MIXED)),
                status=ProgramStatus.COMPLETED if done else ProgramStatus.ACKNOWLEDGED,
                outcome="Программа выполнена, наставляемый освоил приёмы работы." if done else "",
                submitted_by_id=signers.get((pk, ParticipantRole.MENTOR)),
                agreed_by_id=heads.get(organization_of[pk]),
                acknowledged_by_id=signers.get((pk, ParticipantRole.MENTEE)),
                submitted_at=_at(started + timedelta(days=3)),
                agreed_at=_at(started + timedelta(days=5)),
                acknowledged_at=_at(started + timedelta(days=6)),
                completed_at=_at(ends) if done else None,
            )
        )
        extra = [(block, content) for block, content, _ in rng.sample(EXTRA, rng.randint(3, 6))]
        lines.append(sorted(plan + extra, key=lambda item: [b["code"] for b in blocks].index(item[0])))
    Program.objects.bulk_create(programs, batch_size=2_000)
    Program.difficulties.through.objects.bulk_create(
        [
            Program.difficulties.through(program_id=program.pk, difficulty_id=difficulty_id)
            for program in programs
            for difficulty_id, _ in needs[program.mentorship_id]
        ],
        batch_size=5_000,
    )
    activities = []
    for program, plan_lines in zip(programs, lines, strict=True):
        deadlines = _spread(program.starts_on, program.ends_on, len(plan_lines))
        for order, ((block, content), deadline) in enumerate(zip(plan_lines, deadlines, strict=True), start=1):
            activity = Activity(
                program=program,
                block=block,
                order=order,
                content=content,
                deadline=deadline,
                format=ActivityFormat.REMOTE if rng.random() < 0.15 else ActivityFormat.IN_PERSON,
            )
            _execute(rng, activity, today, all_done=program.status == ProgramStatus.COMPLETED)
            activities.append(activity)
    Activity.objects.bulk_create(activities, batch_size=5_000)
    return {"programs": len(programs), "activities": len(activities)}


def _goal(needs: list[tuple[int, str]]) -> str:
    if not needs:
        return "Преодоление профессиональных затруднений молодого педагога."
    return "Преодоление профессиональных затруднений: " + "; ".join(name for _, name in needs) + "."


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


def _execute(rng: random.Random, activity: Activity, today: date, *, all_done: bool) -> None:
    if activity.deadline >= today:
        return
    roll = rng.random()
    if all_done or roll < 0.82:
        activity.status = ActivityStatus.DONE
        activity.done_on = activity.deadline - timedelta(days=rng.randint(0, 6))
        activity.actual_result = rng.choice(RESULTS)
        activity.marked_at = _at(activity.done_on)
    elif roll < 0.9:
        activity.status = ActivityStatus.NOT_DONE
        activity.actual_result = "Перенесено: наставляемый был на курсах повышения квалификации"
