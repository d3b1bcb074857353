"""Root URL configuration: the web UI, the REST API under /api/v1/, admin and i18n; error pages
in the product's layout (chanjiao.core.errors)."""

from django.contrib import admin
from django.urls import include, path, re_path

from chanjiao.accounts.language import set_language
from chanjiao.core.api import api_not_found

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    # Django's language switch, which also keeps a signed-in user's choice with their account.
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<path>.*)$", api_not_found),
    path("accounts/", include("chanjiao.accounts.urls")),
    path("", include("chanjiao.reports.urls")),
    path("", include("chanjiao.core.urls")),
    # One registry module with its own prefixes: bodies/, organizations/, people/.
    path("", include("chanjiao.registry.urls")),
    path("events/", include("chanjiao.events.urls")),
    path("cooperation/", include("chanjiao.cooperation.urls")),
    path("talent/", include("chanjiao.talent.urls")),
    path("sharing/", include("chanjiao.sharing.urls")),
    path("golds/", include("chanjiao.golds.urls")),
    path("ingest/", include("chanjiao.ingest.urls")),
    path("governance/", include("chanjiao.governance.urls")),
]
# No static(MEDIA_URL): uploaded files are served only by views that check the reader
# (chanjiao.core.uploads).

handler400 = "chanjiao.core.errors.bad_request"
handler403 = "chanjiao.core.errors.permission_denied"
handler404 = "chanjiao.core.errors.page_not_found"
handler500 = "chanjiao.core.errors.server_error"
