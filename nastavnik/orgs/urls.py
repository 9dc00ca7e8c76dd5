from __future__ import annotations

from django.urls import path

from nastavnik.orgs import views

app_name = "orgs"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_update, name="organization-update"),
    path("regions/new/", views.region_create, name="region-create"),
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path("municipalities/new/", views.municipality_create, name="municipality-create"),
    path("municipalities/<int:pk>/edit/", views.municipality_update, name="municipality-update"),
]
