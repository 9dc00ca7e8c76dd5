from __future__ import annotations

from django.test import TestCase

from nastavnik.lib.text import normalize
from nastavnik.mentoring.models import Difficulty
from nastavnik.people.models import Subject


class VocabularyMigrationTests(TestCase):
    def test_the_difficulties_are_loaded_in_a_few_groups(self) -> None:
        self.assertGreater(Difficulty.objects.count(), 20)
        groups = set(Difficulty.objects.values_list("group", flat=True))
        self.assertTrue(5 <= len(groups) <= 7)
        self.assertTrue(Difficulty.objects.filter(code="burnout", name__contains="выгорания").exists())

    def test_the_subjects_are_loaded_with_their_search_keys(self) -> None:
        self.assertGreater(Subject.objects.count(), 20)
        for subject in Subject.objects.all():
            self.assertEqual(subject.search_key, normalize(subject.name))
        self.assertTrue(Subject.objects.filter(search_key__contains="обзр").exists())
