"""Test helpers for the REST API: tokens, and the one check every CRUD endpoint goes through.

:func:`check_crud_endpoint` walks an endpoint through list, detail, create, update and delete,
checks that writes are refused without a token (401) and for a user who may not write (403),
and that every successful write left exactly one change-log row with the right action, actor
and before/after values.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.urls import reverse

from chanjiao.accounts.models import ApiToken, hash_token
from chanjiao.core.exceptions import Conflict
from chanjiao.core.models import ObjectChange

JSON = "application/json"
_MISSING = object()


#: The ``chanjiao`` command of this environment, for tests that run it as a process.
CHANJIAO = str(Path(sys.executable).with_name("chanjiao"))

#: Every list page that sorts and exports what it shows.
LIST_PAGES = [
    "/bodies/",
    "/organizations/",
    "/people/",
    "/events/",
    "/cooperation/agreements/",
    "/cooperation/carriers/",
    "/talent/cohorts/",
    "/talent/postings/",
    "/talent/placements/",
    "/talent/runs/",
    "/ingest/",
]


def free_port() -> int:
    """A TCP port nobody listens on now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(port: int, env: dict[str, str]) -> subprocess.Popen:
    """``chanjiao serve --port PORT`` as a process, its output (both streams) as text."""
    return subprocess.Popen(
        [CHANJIAO, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


#: The password of every user the test factories make (``registry.tests.factories``).
PASSWORD = "pw-for-tests-123"


def browser_login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in as a person would, on the login page in the real browser ``page``."""
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login" not in url)


def keep_local(page, base_url: str, refused: list[str] | None = None) -> None:
    """Let ``page`` reach ``base_url`` only: any other request (a CDN, say) is refused, and
    listed in ``refused`` when given, as the app must work offline."""

    def only_local(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            if refused is not None:
                refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)


def second_session(page, base_url: str, username: str, **options: Any):
    """A second session of ``page``'s browser (its own cookies; ``options`` for its context),
    limited to ``base_url`` like ``page`` and signed in as ``username``."""
    context = page.context.browser.new_context(locale="zh-CN", **options)
    other = context.new_page()
    other.set_default_timeout(15_000)
    keep_local(other, base_url)
    browser_login(other, base_url, username)
    return other


def screenshot(page, name: str) -> None:
    """Keep a picture of the whole page as ``$CHANJIAO_SCREENSHOTS/<name>.png`` when that
    variable names a folder (to look at each step of a browser test afterwards)."""
    folder = os.environ.get("CHANJIAO_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def many_to_many(field: str):
    """A factory_boy declaration setting the many-to-many ``field`` to the rows passed as
    ``field=[...]`` (nothing when none are passed)."""
    import factory

    def set_rows(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(set_rows)


def make_xlsx(rows) -> bytes:
    """An .xlsx whose first sheet holds ``rows`` (the first row is the header)."""
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def items(response) -> list[dict]:
    """The ``items`` of a successful list response (the body is shown when it failed)."""
    assert response.status_code == 200, response.content[:2000]
    return response.json()["items"]


def make_token(user, *, name: str = "test", revoked: bool = False) -> str:
    """Give ``user`` an API token and return its raw value (only the hash is stored)."""
    raw = ApiToken.generate()
    ApiToken.objects.create(
        user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw), revoked=revoked
    )
    return raw


def bearer(token: str | None) -> dict[str, str]:
    """Request headers that authenticate with ``token`` (none for ``None``)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def token_user(token: str):
    return ApiToken.objects.select_related("user").get(key_hash=hash_token(token)).user


def api_write(client, method: str, path: str, payload: Any = None, token: str | None = None):
    """POST/PATCH/PUT/DELETE ``payload`` as JSON, authenticated with ``token`` if given."""
    send = getattr(client, method.lower())
    if payload is None:
        return send(path, headers=bearer(token))
    return send(path, payload, content_type=JSON, headers=bearer(token))


def assert_error(response, status: int, field: str | None = None) -> dict:
    """The response is an error in the API's shape, with ``status`` (and ``field`` named)."""
    assert response.status_code == status, (response.status_code, response.content[:2000])
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    assert isinstance(body.get("errors"), dict), body
    if field is not None:
        assert field in body["errors"], body
        assert all(isinstance(m, str) and m for m in body["errors"][field]), body
    return body


def _comparable(value: Any) -> Any:
    if isinstance(value, dict) and "id" in value:
        return value["id"]
    if isinstance(value, list):
        return sorted((_comparable(v) for v in value), key=repr)
    return value


def _value(data: dict, key: str, wanted: Any) -> Any:
    """``data[key]`` in a form comparable with the payload's ``wanted`` (ids for relations)."""
    if key in data:
        value = data[key]
    elif f"{key}_id" in data:  # change-log snapshots store foreign keys by attname
        value = data[f"{key}_id"]
    else:
        return _MISSING
    if isinstance(value, str) and isinstance(wanted, list):  # aliases: one per line
        value = value.splitlines()
    return _comparable(value)


def assert_matches(data: dict, payload: dict, *, where: str) -> None:
    """Every plain value of ``payload`` shows in ``data`` (nested object lists are skipped)."""
    for key, wanted in payload.items():
        if isinstance(wanted, list) and any(isinstance(v, dict) for v in wanted):
            continue
        got = _value(data, key, wanted)
        assert got is not _MISSING, f"{where}: {key!r} missing in {data}"
        assert got == _comparable(wanted), f"{where}: {key!r} is {got!r}, expected {wanted!r}"


def last_change_id() -> int:
    return ObjectChange.objects.order_by("-id").values_list("id", flat=True).first() or 0


def assert_one_change(
    since_id: int, *, model: type[models.Model], object_id: int, action: str, actor
) -> ObjectChange:
    """Exactly one change-log row was written after ``since_id``, and it is this one."""
    changes = list(ObjectChange.objects.filter(id__gt=since_id))
    assert len(changes) == 1, [(c.action, c.object_repr) for c in changes]
    change = changes[0]
    assert change.action == action, change.action
    assert change.content_type == ContentType.objects.get_for_model(model), change.content_type
    assert change.object_id == object_id
    assert change.actor_id == actor.pk, (change.actor, actor)
    assert change.source == "api", change.source
    return change


def assert_no_change(since_id: int) -> None:
    assert not ObjectChange.objects.filter(id__gt=since_id).exists()


def check_crud_endpoint(
    client,
    path: str,
    model: type[models.Model],
    payloads: tuple[dict, dict],
    *,
    admin_token: str,
    denied_token: str,
) -> dict:
    """Walk ``path`` (e.g. ``/api/v1/bodies``) through its whole life cycle; return the created
    object as the API showed it after the update.

    ``payloads`` is the create body and the update body; the update must change every field it
    names. ``admin_token`` may write; ``denied_token`` belongs to a signed-in user who may not
    (403).
    """
    create_payload, update_payload = payloads
    base = path.rstrip("/")
    actor = token_user(admin_token)

    # --- create: refused without a token and for a user without rights, then done ---
    rows, since = model.objects.count(), last_change_id()
    assert_error(api_write(client, "post", base, create_payload), 401)
    assert_error(api_write(client, "post", base, create_payload, denied_token), 403)
    assert model.objects.count() == rows, "a refused create wrote a row"
    assert_no_change(since)

    response = api_write(client, "post", base, create_payload, admin_token)
    assert response.status_code == 201, response.content[:2000]
    created = response.json()
    obj_id = created["id"]
    assert_matches(created, create_payload, where="create response")
    change = assert_one_change(since, model=model, object_id=obj_id, action="create", actor=actor)
    assert change.before is None
    assert_matches(change.after, create_payload, where="change-log after (create)")
    assert model.objects.filter(pk=obj_id).exists()

    # --- list and detail ---
    response = client.get(base, {"limit": 500})
    assert response.status_code == 200, response.content[:2000]
    page = response.json()
    assert set(page) == {"items", "count"}, page.keys()
    assert obj_id in [item["id"] for item in page["items"]]
    assert page["count"] >= 1
    response = client.get(base, {"limit": 1, "offset": 0})
    assert len(response.json()["items"]) == 1 and response.json()["count"] == page["count"]

    response = client.get(f"{base}/{obj_id}")
    assert response.status_code == 200, response.content[:2000]
    assert_matches(response.json(), create_payload, where="detail")
    assert_error(client.get(f"{base}/999999999"), 404)

    # --- update: refused, then done; the change log holds before and after ---
    since = last_change_id()
    assert_error(api_write(client, "patch", f"{base}/{obj_id}", update_payload), 401)
    assert_error(api_write(client, "patch", f"{base}/{obj_id}", update_payload, denied_token), 403)
    assert_no_change(since)
    assert_matches(client.get(f"{base}/{obj_id}").json(), create_payload, where="after refusal")

    response = api_write(client, "patch", f"{base}/{obj_id}", update_payload, admin_token)
    assert response.status_code == 200, response.content[:2000]
    updated = response.json()
    assert_matches(updated, update_payload, where="update response")
    change = assert_one_change(since, model=model, object_id=obj_id, action="update", actor=actor)
    assert_matches(change.after, update_payload, where="change-log after (update)")
    for key in update_payload:
        before, after = _value(change.before, key, None), _value(change.after, key, None)
        assert before != after, f"change-log before/after of {key!r} are both {before!r}"
    # Read back as the writer: personal fields (notes …) are null for anonymous readers.
    detail = client.get(f"{base}/{obj_id}", headers=bearer(admin_token)).json()
    assert_matches(detail, update_payload, where="detail")

    # --- delete: refused, then done ---
    since = last_change_id()
    assert_error(api_write(client, "delete", f"{base}/{obj_id}"), 401)
    assert_error(api_write(client, "delete", f"{base}/{obj_id}", token=denied_token), 403)
    assert model.objects.filter(pk=obj_id).exists(), "a refused delete deleted"
    assert_no_change(since)

    response = api_write(client, "delete", f"{base}/{obj_id}", token=admin_token)
    assert response.status_code == 204, response.content[:2000]
    change = assert_one_change(since, model=model, object_id=obj_id, action="delete", actor=actor)
    assert change.before["id"] == obj_id and change.after is None
    assert not model.objects.filter(pk=obj_id).exists()
    assert_error(client.get(f"{base}/{obj_id}"), 404)
    return updated


#: Debian's chromium, which the ``page`` fixture (conftest.py) drives through Playwright.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: ``pytestmark`` of a browser test module: marked, and skipped where chromium is missing.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (make browser)"
    ),
]


def at_once(
    calls: list[Callable[[], str]], *, refused: tuple[type[Exception], ...] = (Conflict,)
) -> list[str]:
    """Run each call in a thread of its own, with its own database connection (and so its own
    transaction), all released at the same moment; what each one gave: the string it returned,
    ``"refused: <message>"`` for the exceptions in ``refused`` (the service's answer to a
    conflict), or ``"error: <type>: <message>"`` for anything else, which a test then fails
    on. Needs ``@pytest.mark.django_db(transaction=True)``."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], str]) -> None:
        start.wait()
        try:
            result = call()
        except refused as exc:
            result = f"refused: {exc}"
        except Exception as exc:  # noqa: BLE001 - any other outcome is reported as an error
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == len(calls), "a thread did not finish"
    return outcomes


def run_task_worker() -> None:
    """The real django-tasks database worker, until the queue is empty.

    The worker closes database connections between tasks, so a test that calls this needs
    ``@pytest.mark.django_db(transaction=True)``. Its signal handlers are put back afterwards.
    """
    import signal

    from django.core.management import call_command

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
