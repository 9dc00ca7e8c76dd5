from __future__ import annotations

from django.urls import path

from nastavnik.mentoring import matching_views, pair_views, views

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
    path("mentees/<int:pk>/compatibility/", views.compatibility_note_save, name="compatibility-note-save"),
    path("people/<int:pk>/history/", views.person_history, name="person-history"),
    path("mentorships/", pair_views.mentorship_list, name="mentorship-list"),
    path("mentorships/new/", pair_views.mentorship_create, name="mentorship-create"),
    path("mentorships/<int:pk>/", pair_views.mentorship_detail, name="mentorship-detail"),
    path("mentorships/<int:pk>/order/", pair_views.mentorship_order, name="mentorship-order"),
    path("mentorships/<int:pk>/status/", pair_views.mentorship_status, name="mentorship-status"),
    path(
        "mentorships/<int:pk>/participants/<int:participant_pk>/consent/",
        pair_views.participant_consent,
        name="participant-consent",
    ),
    path("mentorships/<int:pk>/requests/new/", pair_views.request_create, name="request-create"),
    path("requests/<int:pk>/decide/", pair_views.request_decide, name="request-decide"),
    path("matching/", matching_views.match, name="match"),
    path("matching/reset/", matching_views.match_reset, name="match-reset"),
    path("matching/edit/", matching_views.match_edit, name="match-edit"),
    path("matching/approve/", matching_views.match_approve, name="match-approve"),
    path("matching/mentees/<int:mentee_pk>/", matching_views.match_candidates, name="match-candidates"),
]
