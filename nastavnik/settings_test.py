"""Test overrides, all in one place (STYLE: Settings)."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECURE", "0")

from nastavnik.settings import *  # noqa: E402,F403
from nastavnik.settings import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
