from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from nastavnik.mentoring.matching import proposal_for
from nastavnik.mentoring.models import Mentee, Mentor
from nastavnik.orgs.models import Municipality
from nastavnik.people.models import Consent, ConsentKind


class Command(BaseCommand):
    help = (
        "Предлагает пары «наставник – наставляемый» с наибольшей общей совместимостью по настройкам "
        "муниципалитета и заключениям педагога-психолога; ничего не записывает."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", type=int, required=True, help="муниципалитет")
        parser.add_argument("--organization", type=int, help="только наставляемые этой организации")
        parser.add_argument("--json", action="store_true", help="вывести предложение в JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(pk=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Муниципалитет №{options['municipality']} не найден.")
        today = timezone.localdate()
        consent = Exists(Consent.objects.valid(today).filter(person=OuterRef("person"), kind=ConsentKind.PROCESSING))
        in_place = Q(person__organization__municipality=options["municipality"], person__deleted_at__isnull=True)
        mentees = Mentee.objects.waiting().filter(in_place).filter(consent)
        mentors = Mentor.objects.in_bank().filter(in_place).filter(consent)
        if options["organization"]:
            mentees = mentees.filter(person__organization=options["organization"])
            mentors = mentors.filter(Q(person__organization=options["organization"]) | Q(network_ready=True))
        proposal = proposal_for(mentors=mentors, mentees=mentees, municipality=municipality, on=today)
        if options["json"]:
            data = {
                "pairs": [
                    {"mentor": mentor.id, "mentee": mentee.id, "score": score.value, "reasons": list(score.reasons)}
                    for mentor, mentee, score in proposal.pairs
                ],
                "unmatched": [{"mentee": mentee.id, "reason": reason} for mentee, reason in proposal.unmatched],
                "total": proposal.total,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for mentor, mentee, score in proposal.pairs:
            self.stdout.write(f"{mentee.name} ← {mentor.name}: {score.value} ({'; '.join(score.reasons)})")
        for mentee, reason in proposal.unmatched:
            self.stdout.write(f"{mentee.name}: без наставника — {reason}")
        self.stdout.write(f"Пар: {len(proposal.pairs)}, общая совместимость: {proposal.total}")
