"""The REST API root: /api/v1/ with OpenAPI at /api/v1/openapi.json and docs at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="chanjiao API",
    version="1",
    urls_namespace="api",
    description="产教 chanjiao — industry–education integration bodies. Reads are public for "
    "published data; writes need `Authorization: Bearer <token>`.",
)
