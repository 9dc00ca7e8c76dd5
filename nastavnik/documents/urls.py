from __future__ import annotations

from django.urls import URLPattern, path

from nastavnik.documents import generation_views, views

app_name = "documents"
# The registry and review pages, then the generated documents and templates (documents/generation).
urlpatterns: list[URLPattern] = [
    # registry and review
    path("", views.document_list, name="document-list"),
    path("new/", views.document_upload, name="document-upload"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/versions/new/", views.document_version_upload, name="document-version-upload"),
    path("<int:pk>/scan/", views.document_scan_upload, name="document-scan-upload"),
    path("<int:pk>/versions/<int:version_pk>/file/", views.document_file, name="document-file"),
    path("<int:pk>/versions/<int:version_pk>/scan/", views.document_scan, name="document-scan"),
    path("<int:pk>/public/", views.document_public, name="document-public"),
    path("<int:pk>/submit/", views.document_submit, name="document-submit"),
    path("<int:pk>/approve/", views.document_approve, name="document-approve"),
    path("<int:pk>/return/", views.document_return, name="document-return"),
    path("review/", views.review_queue, name="review-queue"),
    path("required-acts/", views.required_acts, name="required-acts"),
    # generated documents and templates
    path("generate/pairs-order/", generation_views.generate_pairs_order, name="generate-pairs-order"),
    path("generate/order/", generation_views.generate_order, name="generate-order"),
    path("<int:pk>/regenerate/", generation_views.generated_regenerate, name="generated-regenerate"),
    path("<int:pk>/pdf/", generation_views.generated_pdf, name="generated-pdf"),
    path("programs/<int:pk>/docx/", generation_views.program_docx, name="program-docx"),
    path("mentors/<int:pk>/certificate/", generation_views.certificate, name="certificate"),
    path("templates/", generation_views.template_list, name="template-list"),
    path("templates/<str:kind>/shipped/", generation_views.template_download, name="template-download"),
    path("templates/<str:kind>/upload/", generation_views.template_upload, name="template-upload"),
    path("templates/<int:pk>/delete/", generation_views.template_delete, name="template-delete"),
]
