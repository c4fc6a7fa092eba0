from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from partnerships import views as partnership_views

from . import health, oidc, views
from .forms import QueuedPasswordResetForm

handler400 = "navpartner.views.bad_request"
# The database gone for a moment: 503 with Retry-After, not the generic 500 (outages.py).
handler500 = "navpartner.outages.server_error"

urlpatterns = [
    path("", partnership_views.partnership_list, name="home"),
    path("", include("partnerships.urls")),
    path("", include("agreements.urls")),
    path("", include("meetings.urls")),
    path("", include("costsharing.urls")),
    path("", include("oversight.urls")),
    path("", include("archive.urls")),
    path("dokumenter/", include("navpartner.document_urls")),
    # For load balancers, orchestrators and monitoring (navpartner/health.py).
    path("helse/", login_not_required(health.LiveView.as_view()), name="health_live"),
    path("helse/klar/", login_not_required(health.ReadyView.as_view()), name="health_ready"),
    path("helse/alt/", login_not_required(health.EverythingView.as_view()), name="health_all"),
    path("konto/logg-inn/", oidc.LoginView.as_view(), name="login"),
    path("konto/logg-ut/", oidc.LogoutView.as_view(), name="logout"),
    # OpenID Connect (navpartner/oidc.py): allauth's paths, only these two of its views.
    path(
        "accounts/oidc/<str:provider_id>/login/",
        oidc_views.login,
        name="openid_connect_login",
    ),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    path("konto/passord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "konto/passord/endret/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "konto/glemt-passord/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "konto/glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/nytt-passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility_statement"),
    path("personvern/", views.privacy, name="privacy"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    # The prose editor's texts (locale/*/LC_MESSAGES/djangojs.po): "navpartner" has no locale
    # folder of its own, so only LOCALE_PATHS is read, not every app's catalogue.
    path(
        "i18n/js/",
        JavaScriptCatalog.as_view(packages=["navpartner"]),
        name="javascript_catalog",
    ),
    # One login page for everyone, the administrators included: its buttons, its password
    # switch and its lockout (the admin's own login form would bypass the switch).
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="login", query_string=True, permanent=False)
        ),
    ),
    path("admin/", admin.site.urls),
]
