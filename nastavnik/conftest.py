from __future__ import annotations

import pytest

from nastavnik.accounts.models import Role
from nastavnik.factory import make_user


@pytest.fixture
def admin_client_nastavnik(db, client):  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.ADMIN))
    return client
