from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from nastavnik.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/new/", views.membership_create, name="membership-create"),
    path("users/<int:pk>/roles/<int:membership_pk>/delete/", views.membership_delete, name="membership-delete"),
    path("audit/", views.audit_list, name="audit-list"),
]
