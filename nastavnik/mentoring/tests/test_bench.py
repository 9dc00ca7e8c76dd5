"""`manage.py bench` runs on the demo and reports every figure with its unit."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from nastavnik.mentoring import bench
from nastavnik.mentoring.bench import MatchingSize
from nastavnik.people.models import Person


@pytest.mark.django_db
def test_bench_measures_pages_import_and_export_and_leaves_no_trace(monkeypatch):
    # The region in memory at a tenth of its size: the figure is there, the suite stays quick.
    monkeypatch.setattr(bench, "REGION_SIZE", MatchingSize(3_000, 4_800, 100, 3, 20))
    call_command("seed_demo", "--scale", "small", "--seed", "3", stdout=io.StringIO())
    people = Person.objects.count()
    out = io.StringIO()
    call_command("bench", "--scale", "small", "--json", "--repeats", "2", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["admin: реестр, p95"]["unit"] == "мс"
    assert figures["curator: поиск «елкина», запросов к БД"]["value"] <= 12
    assert figures["загрузка 100 строк всего"]["value"] > 0
    assert any(name.startswith("выгрузка реестра") for name in figures)
    assert any(name.startswith("подбор пар: ") for name in figures)
    municipality = (
        "подбор пар, муниципалитет в памяти: 500 наставляемых × 800 наставников, все допустимые пары, 500 пар"
    )
    assert figures[municipality]["value"] > 0
    region = next(name for name in figures if name.startswith("подбор пар, регион в памяти: 3000 наставляемых"))
    assert figures[region]["unit"] == "с"
    assert Person.objects.count() == people  # the import was measured inside a rolled-back transaction
