"""PUT and PATCH alike: every resource the API lets a client change in part (PATCH) it also
lets it replace whole (PUT, the fields left out taking their defaults), with the same fields."""

from __future__ import annotations

#: PATCH operations that record an act rather than change a record, so have no PUT: the
#: review decision on one proposal of an ingested article.
NOT_RECORDS = {"/api/v1/articles/{id}/proposals/{proposal_id}"}


def _schema() -> dict:
    from config.api import api

    return api.get_openapi_schema()


def _body_fields(schema: dict, operation: dict) -> set[str]:
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    if not ref:
        return set()
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return set(component.get("properties", {}))


def test_every_path_with_patch_has_put():
    schema = _schema()
    missing = sorted(
        path
        for path, operations in schema["paths"].items()
        if "patch" in operations and "put" not in operations and path not in NOT_RECORDS
    )
    assert not missing, f"PATCH without PUT: {missing}"


def test_put_takes_the_fields_patch_takes():
    schema = _schema()
    differ = {}
    for path, operations in schema["paths"].items():
        if "patch" in operations and "put" in operations:
            patch = _body_fields(schema, operations["patch"])
            put = _body_fields(schema, operations["put"])
            if patch != put:
                differ[path] = {"only PATCH": sorted(patch - put), "only PUT": sorted(put - patch)}
    assert not differ, differ


def test_the_exemptions_are_still_patch_only():
    """An exempted path that gained a PUT (or lost its PATCH) leaves the list."""
    paths = _schema()["paths"]
    stale = [p for p in NOT_RECORDS if "patch" not in paths.get(p, {}) or "put" in paths[p]]
    assert not stale, stale
