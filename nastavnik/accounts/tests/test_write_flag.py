"""``with_write_flag`` answers as ``may_write`` does, without another query."""

from __future__ import annotations

from nastavnik.accounts import access
from nastavnik.mentoring.models import Mentorship
from nastavnik.tests.personas import PERSONAS, PersonasTestCase


class WriteFlagTest(PersonasTestCase):
    def test_the_flag_agrees_with_may_write_for_every_persona(self) -> None:
        writers = set()
        for persona in PERSONAS[1:]:
            user = self.users[persona]
            pair = access.with_write_flag(Mentorship.objects.all(), user).get(pk=self.mentorship_a.pk)
            with self.assertNumQueries(0):
                flagged = access.may_write(user, pair)
            self.assertEqual(flagged, access.may_write(user, Mentorship.objects.get(pk=pair.pk)), persona)
            if flagged:
                writers.add(persona)
        self.assertEqual(writers, {"admin", "coordinator", "head", "curator_a"})
