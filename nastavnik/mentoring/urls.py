from __future__ import annotations

app_name = "mentoring"
urlpatterns: list = []
