"""Browser tests: real Chromium (Debian's package) driven by Playwright against the live server."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the test
# itself would otherwise be refused (DESIGN §5, facts about this environment).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    contexts = []

    def make():  # type: ignore[no-untyped-def]
        context = browser.new_context(locale="ru-RU")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# Data that migrations load (the vocabularies, the default program template): a transactional test
# empties every table when it ends, so the next one loads them again.
DATA_MIGRATIONS = (
    "nastavnik.people.migrations.0002_subjects",
    "nastavnik.mentoring.migrations.0002_difficulties",
    "nastavnik.programs.migrations.0002_default_template",
)


@pytest.fixture
def migrated_data(transactional_db):  # type: ignore[no-untyped-def]
    from django.apps import apps

    from nastavnik.mentoring.models import Difficulty

    if not Difficulty.objects.exists():
        for name in DATA_MIGRATIONS:
            importlib.import_module(name).load(apps, None)
