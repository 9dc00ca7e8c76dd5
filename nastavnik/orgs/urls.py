from __future__ import annotations

app_name = "orgs"
urlpatterns: list = []
