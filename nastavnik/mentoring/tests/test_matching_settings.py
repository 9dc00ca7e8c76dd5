"""The coordinator sets the weights and hard constraints of matching on the municipality's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from nastavnik.accounts.models import Role
from nastavnik.factory import make_municipality, make_user
from nastavnik.mentoring.matching import Rules, Weights
from nastavnik.orgs.forms import MunicipalityForm
from nastavnik.orgs.models import MATCH_WEIGHTS, Municipality


def posted(municipality: Municipality, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "region": municipality.region_id,
        "name": municipality.name,
        "young_rule": municipality.young_rule,
        "young_experience_years": 3,
        "young_age_years": 35,
        "default_mentor_capacity": 2,
        **{name: getattr(municipality, name) for name in MATCH_WEIGHTS},
        "match_head_not_deputy": "on",
        "match_min_experience_gap": 0,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_the_defaults_are_todays_weights_and_rules() -> None:
    municipality = make_municipality()
    assert Weights.of(municipality) == Weights()
    assert Rules.of(municipality) == Rules()


@pytest.mark.django_db
def test_the_coordinator_changes_the_settings_on_the_page(client) -> None:  # type: ignore[no-untyped-def]
    municipality = make_municipality()
    client.force_login(make_user(Role.COORDINATOR, municipality))
    url = reverse("orgs:municipality-update", args=[municipality.pk])
    page = client.get(url, secure=True)
    assert "Подбор пар" in page.content.decode()
    assert "Только внутри своей организации" in page.content.decode()
    data = posted(municipality, match_subject="3.5", match_own_organization_only="on", match_min_experience_gap=5)
    response = client.post(url, data, secure=True)
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.match_subject == 3.5
    assert Rules.of(municipality) == Rules(own_organization_only=True, head_not_deputy=True, min_experience_gap=5)


@pytest.mark.django_db
def test_a_negative_weight_is_refused_with_the_field_named() -> None:
    municipality = make_municipality()
    form = MunicipalityForm(posted(municipality, match_network="-1"), instance=municipality, user=make_user(Role.ADMIN))
    assert not form.is_valid()
    assert list(form.errors) == ["match_network"]
    assert "больше либо равно 0" in form.errors["match_network"][0]


@pytest.mark.django_db
def test_an_emptied_weight_is_refused_and_all_weights_zero_too() -> None:
    municipality = make_municipality()
    admin = make_user(Role.ADMIN)
    form = MunicipalityForm(posted(municipality, match_subject=""), instance=municipality, user=admin)
    assert not form.is_valid()
    assert form.errors["match_subject"] == ["Укажите число (0 — не учитывать)."]
    zeros = {name: "0" for name in MATCH_WEIGHTS}
    form = MunicipalityForm(posted(municipality, **zeros), instance=municipality, user=admin)
    assert not form.is_valid()
    assert form.non_field_errors() == ["Хотя бы один вес подбора пар должен быть больше нуля."]


@pytest.mark.django_db
def test_a_form_posted_without_the_matching_settings_keeps_them() -> None:
    municipality = make_municipality(match_subject=4.0, match_min_experience_gap=2)
    omitted = {name: None for name in (*MATCH_WEIGHTS, "match_min_experience_gap")}
    form = MunicipalityForm(posted(municipality, **omitted), instance=municipality, user=make_user(Role.ADMIN))
    assert form.is_valid(), form.errors
    form.save()
    municipality.refresh_from_db()
    assert (municipality.match_subject, municipality.match_min_experience_gap) == (4.0, 2)
