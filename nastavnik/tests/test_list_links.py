"""Every row of a list links to its object's page."""

from __future__ import annotations

from django.urls import reverse

from nastavnik.factory import make_consent, make_mentee, make_person
from nastavnik.tests.personas import PersonasTestCase


class ListLinksTest(PersonasTestCase):
    def test_each_list_links_its_rows_to_their_pages(self) -> None:
        self.login("curator_a")
        self.client.post(reverse("mentoring:mentor-nominate", args=[self.mentor_a.pk]))
        waiting = make_mentee(make_person(organization=self.school_a))
        make_consent(waiting.person)
        pages = {
            ("people:person-list", ""): reverse("people:person-detail", args=[self.person_a.pk]),
            ("people:person-list", "ёлкина"): reverse("people:person-detail", args=[self.person_a.pk]),
            ("mentoring:mentor-list", ""): reverse("mentoring:mentor-detail", args=[self.mentor_a.pk]),
            ("mentoring:municipal-bank", ""): reverse("mentoring:mentor-detail", args=[self.mentor_a.pk]),
            ("mentoring:mentee-list", ""): reverse("mentoring:mentee-detail", args=[self.mentee_a.pk]),
            ("mentoring:mentee-waiting", ""): reverse("mentoring:mentee-detail", args=[waiting.pk]),
            ("orgs:organization-list", ""): reverse("orgs:organization-detail", args=[self.school_a.pk]),
        }
        for (name, query), link in pages.items():
            with self.subTest(page=name, query=query):
                self.assertContains(self.client.get(reverse(name), {"q": query}), f'href="{link}"')
