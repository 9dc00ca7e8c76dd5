from __future__ import annotations

from django.urls import path

from nastavnik.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("new/", views.person_create, name="person-create"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_update, name="person-update"),
    path("<int:pk>/delete/", views.person_delete, name="person-delete"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent-create"),
    path("<int:pk>/consents/print/<str:kind>/", views.consent_print, name="consent-print"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("consents/<int:pk>/scan/", views.consent_scan, name="consent-scan"),
    path("import/", views.registry_import, name="registry-import"),
    path("import/confirm/", views.registry_import_confirm, name="registry-import-confirm"),
    path("import/template/", views.registry_template, name="registry-template"),
    path("export/", views.registry_export, name="registry-export"),
]
