from __future__ import annotations

from django.urls import path

from nastavnik.programs import views

app_name = "programs"
urlpatterns = [
    path("mentorships/<int:pk>/new/", views.program_create, name="program-create"),
    path("<int:pk>/", views.program_detail, name="program-detail"),
    path("<int:pk>/edit/", views.program_update, name="program-update"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity-create"),
    path("<int:pk>/submit/", views.program_submit, name="program-submit"),
    path("<int:pk>/agree/", views.program_agree, name="program-agree"),
    path("<int:pk>/acknowledge/", views.program_acknowledge, name="program-acknowledge"),
    path("<int:pk>/complete/", views.program_complete, name="program-complete"),
    path("<int:pk>/offer/", views.program_offer, name="program-offer"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity-update"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/mark/", views.activity_mark, name="activity-mark"),
    path("activities/<int:pk>/evidence/", views.activity_evidence, name="activity-evidence"),
    path("templates/", views.template_list, name="template-list"),
    path("templates/new/", views.template_create, name="template-create"),
    path("templates/<int:pk>/edit/", views.template_update, name="template-update"),
]
