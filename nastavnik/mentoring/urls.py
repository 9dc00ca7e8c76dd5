from __future__ import annotations

from django.urls import path

from nastavnik.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("mentors/", views.mentor_list, name="mentor-list"),
    path("mentors/new/", views.mentor_create, name="mentor-create"),
    path("mentors/export/", views.mentor_export, name="mentor-export"),
    path("mentors/municipal/", views.municipal_bank, name="municipal-bank"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor-detail"),
    path("mentors/<int:pk>/edit/", views.mentor_update, name="mentor-update"),
    path("mentors/<int:pk>/nominate/", views.mentor_nominate, name="mentor-nominate"),
    path("mentors/<int:pk>/decide/", views.mentor_decide, name="mentor-decide"),
    path("mentees/", views.mentee_list, name="mentee-list"),
    path("mentees/new/", views.mentee_create, name="mentee-create"),
    path("mentees/export/", views.mentee_export, name="mentee-export"),
    path("mentees/waiting/", views.mentee_waiting, name="mentee-waiting"),
    path("mentees/<int:pk>/", views.mentee_detail, name="mentee-detail"),
    path("mentees/<int:pk>/edit/", views.mentee_update, name="mentee-update"),
    path("people/<int:pk>/history/", views.person_history, name="person-history"),
]
