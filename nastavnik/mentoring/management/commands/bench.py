from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nastavnik.mentoring.bench import docx_figures, import_export_figures, matching_figures, page_figures


class Command(BaseCommand):
    help = (
        "Меряет скорость страниц, подбора пар, загрузки и выгрузки реестра и документов DOCX на текущей базе "
        "(DESIGN §6)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "municipality", "region"], default="region")
        parser.add_argument("--json", action="store_true", help="одна строка JSON: имя → значение с единицами")
        parser.add_argument("--repeats", type=int, default=20, help="повторов каждой страницы")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = {"small": 100, "municipality": 2_000, "region": 30_000}[options["scale"]]
        figures = (
            page_figures(repeats=options["repeats"])
            + matching_figures()
            + import_export_figures(rows=rows)
            + docx_figures()
        )
        if options["json"]:
            self.stdout.write(
                json.dumps({f.name: {"value": f.value, "unit": f.unit} for f in figures}, ensure_ascii=False)
            )
            return
        for figure in figures:
            mark = "" if figure.ok is None else ("  ✓" if figure.ok else f"  ✗ цель ≤ {figure.target}")
            self.stdout.write(f"{figure.name:<55} {figure.value:>9} {figure.unit}{mark}")
