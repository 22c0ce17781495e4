"""Top-level URLs. Every page requires a log-in (LoginRequiredMiddleware)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from lotse.api.main import urlpatterns as api_urls
from lotse.core.login import LoginView
from lotse.core.views import healthz, keep_alive, readyz
from lotse.ops.metrics import metrics
from lotse.web import urls as web_urls
from lotse.web.views import home

handler400 = "lotse.core.views.bad_request"

urlpatterns = [
    path("", home, name="home"),
    path("session/keep-alive/", keep_alive, name="keep_alive"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("clients/", include(web_urls.clients)),
    path("organisation/", include(web_urls.organisation_pages)),
    path("routing/", include("lotse.routing.urls")),
    path("contacts/rules/", include("lotse.evaluation.rule_set_urls")),
    path("contacts/", include("lotse.contacts.urls")),
    path("evaluation/", include("lotse.evaluation.urls")),
    path("trust/", include("lotse.trust.urls")),
    path("outreach/", include("lotse.outreach.urls")),
    path("steering/mbz/", include("lotse.targets.urls")),
    path("steering/measures/", include("lotse.measures.urls")),
    path("steering/municipal/", include("lotse.municipal.urls")),
    path("steering/agreements/", include(web_urls.agreements_pages)),
    path("network/", include("lotse.network.urls")),
    path("reports/", include("lotse.reports.urls")),
    path("api/v1/", api_urls()),
    path("api/", include("lotse.api.urls")),
    path("admin/", admin.site.urls),
]
