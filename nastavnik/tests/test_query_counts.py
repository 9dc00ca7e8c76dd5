"""Each list page makes the same number of queries for 5 rows and for 500 (DESIGN §6: ≤ 12)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.factory import make_consent, make_mentee, make_mentor, make_person
from nastavnik.tests.personas import PersonasTestCase

LIST_PAGES = [
    "home",
    "people:person-list",
    "mentoring:mentor-list",
    "mentoring:mentee-list",
    "mentoring:mentee-waiting",
    "mentoring:municipal-bank",
    "orgs:organization-list",
    "orgs:municipality-list",
    "accounts:user-list",
    "accounts:audit-list",
]
SEARCHES = [("people:person-list", "иван"), ("mentoring:mentee-list", "иван"), ("mentoring:mentor-list", "иван")]
MAX_QUERIES = 12


class QueryCountTest(PersonasTestCase):
    def count_queries(self) -> dict[str, int]:
        self.client.force_login(self.users["admin"])
        counts = {}
        for name in LIST_PAGES:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 200, name)
            counts[name] = len(queries)
        for name, query in SEARCHES:  # every generated surname contains «иван»
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse(name), {"q": query})
            self.assertContains(response, "Иван")
            counts[f"{name}?q={query}"] = len(queries)
        return counts

    def add_rows(self, n: int) -> None:
        for i in range(n):
            person = make_person(organization=self.school_a if i % 2 else self.school_b)
            make_consent(person)
            if i % 3 == 0:
                make_mentor(person, municipal_status="nominated")
            elif i % 3 == 1:
                make_mentee(person)

    def test_list_pages_make_a_fixed_number_of_queries(self) -> None:
        self.add_rows(5)
        few = self.count_queries()
        self.add_rows(495)  # 500 rows in all: ten pages of the registry
        many = self.count_queries()
        self.assertEqual(few, many)
        for name, count in many.items():
            self.assertLessEqual(count, MAX_QUERIES, name)
