"""Lockout with a cool-off, idle sessions, CSP, the security log and `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import AuditEvent, AuditKind
from nastavnik.factory import make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def login(client, password):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": "curator", "password": password})


def test_repeated_failures_lock_the_login_for_a_cool_off_not_forever(client):
    make_user(username="curator", password="верный-пароль-123")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "неверный")
        locked = login(client, "верный-пароль-123")
        assert locked.status_code == 429
        assert "временно заблокирован" in locked.content.decode()
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        assert login(client, "верный-пароль-123").status_code == 302


def test_logins_and_failures_are_logged(client):
    make_user(username="curator", password="верный-пароль-123")
    login(client, "неверный")
    login(client, "верный-пароль-123")
    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [AuditKind.LOGIN_FAILED, AuditKind.LOGIN]


def test_a_wrong_password_gets_a_russian_message(client):
    make_user(username="curator", password="верный-пароль-123")
    assert "Неверное имя пользователя или пароль" in login(client, "неверный").content.decode()


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_an_idle_session_is_logged_out(client):
    client.force_login(make_user())
    assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        assert client.get(reverse("home")).status_code == 302


def test_every_page_has_a_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nastavnik.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 30 + "продакшн-ключ-!@#$%^&*()-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "nastavnik.example.ru",
        "DJANGO_SECURE": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
