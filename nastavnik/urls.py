from __future__ import annotations

from django.urls import include, path

from nastavnik.mentoring import views as mentoring_views

urlpatterns = [
    path("", mentoring_views.home, name="home"),
    path("accounts/", include("nastavnik.accounts.urls")),
    path("orgs/", include("nastavnik.orgs.urls")),
    path("people/", include("nastavnik.people.urls")),
    path("mentoring/", include("nastavnik.mentoring.urls")),
    path("programs/", include("nastavnik.programs.urls")),
    path("documents/", include("nastavnik.documents.urls")),
]
