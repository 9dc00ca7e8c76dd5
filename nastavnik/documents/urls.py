from __future__ import annotations

from django.urls import URLPattern

app_name = "documents"
# The registry and review pages, then the generated documents and templates (documents/generation).
urlpatterns: list[URLPattern] = []
