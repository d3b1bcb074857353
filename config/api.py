"""The REST API root: /api/v1/ with OpenAPI at /api/v1/openapi.json and docs at /api/v1/docs.

The docs page uses ninja's bundled swagger-ui (``ninja`` is in INSTALLED_APPS, so the page is
rendered from its template with ``{% static %}`` assets): it works offline, with no CDN.
"""

import orjson
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from chanjiao.accounts.api import WRITE_AUTH
from chanjiao.accounts.api import router as me_router
from chanjiao.cooperation.api import router as cooperation_router
from chanjiao.core.api import install_error_handlers
from chanjiao.events.api import router as events_router
from chanjiao.events.api_registration import router as events_registration_router
from chanjiao.golds.api import router as golds_router
from chanjiao.governance.api import router as governance_router
from chanjiao.governance.api_applications import router as governance_applications_router
from chanjiao.governance.api_members import router as governance_members_router
from chanjiao.governance.api_renewal import router as governance_renewal_router
from chanjiao.ingest.api import router as ingest_router
from chanjiao.registry.api import router as registry_router
from chanjiao.reports.api import router as reports_router
from chanjiao.reports.history_api import router as history_router
from chanjiao.sharing.api import router as sharing_router
from chanjiao.talent.api import router as talent_router


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese as UTF-8 text (江西机电), not \\u escapes: readable in curl and logs.

    Written by orjson (several times faster than the standard library on a 50-row page);
    dates, times, decimals and lazy texts are still written by ninja's encoder, so the output
    is the same as ``json.dumps`` with ninja's encoder would give.
    """

    _default = NinjaJSONEncoder().default
    _options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS

    def render(self, request, data, *, response_status):
        return orjson.dumps(data, default=self._default, option=self._options)


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="chanjiao API",
    version="1",
    urls_namespace="api",
    description=(
        "产教 chanjiao — the system of record for industry–education integration bodies "
        "(产教融合体): organisations, people, bodies and their members, events, agreements "
        "and carriers, and talent: the majors catalogue, cohorts, demand postings, the "
        "supply–demand gap, match runs and placements; and news ingest: articles turned into "
        "proposed records that a reviewer fixes, links or drops and saves in one transaction.\n\n"
        "* **Reads** are public for published data (unpublished bodies answer 404 unless you "
        "hold a role in them). A bearer token, if sent, is honoured on reads too.\n"
        "* **Writes** need `Authorization: Bearer <token>` (or a signed-in browser session "
        "with a CSRF token). Rights are checked per body: 403 when you may not.\n"
        "* **Lists** take `?q=`, filters, `?limit=` (default 50, at most 500) and `?offset=`, "
        'and answer `{"items": [...], "count": N}`.\n'
        '* **Errors** answer `{"detail": "...", "errors": {field: [messages]}}` with '
        "status 400 (a body that is not JSON), 401, 403, 404, 405 (a method the path does not "
        "take; `Allow` names those it does), 409, 412, 413 or 422, in the reader's language "
        "(`Accept-Language`).\n"
        "* **Lists** of the main records also take `?sort=<column>` or `?sort=-<column>`, the "
        "columns their pages sort by.\n"
        "* Dates are ISO 8601; kinds and roles are the choice values, with `*_label` beside them."
    ),
    # Writes authenticate by default; every read says ``auth=None`` explicitly.
    auth=WRITE_AUTH,
    # No validator badge: swagger-ui would otherwise send the schema to validator.swagger.io.
    docs=Swagger(settings={"persistAuthorization": True, "validatorUrl": None}),
)
install_error_handlers(api)

api.add_router("", registry_router)
api.add_router("", events_router)
api.add_router("", events_registration_router)
api.add_router("", cooperation_router)
api.add_router("", talent_router)
api.add_router("", sharing_router)
api.add_router("", golds_router)
api.add_router("", ingest_router)
api.add_router("/me", me_router)
api.add_router("", history_router)
api.add_router("", reports_router)
api.add_router("", governance_router)
api.add_router("", governance_applications_router)
api.add_router("", governance_members_router)
api.add_router("", governance_renewal_router)
