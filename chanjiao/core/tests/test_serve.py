"""`chanjiao serve`: a production server (gunicorn, DEBUG off) with supervised job workers,
and no account created at start outside the demo's first load; `chanjiao token`."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from rich.console import Console

from chanjiao.accounts.api import user_for_token
from chanjiao.cli import main, serve
from chanjiao.core.testing import free_port, start_serve

SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite run"
)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class _Output:
    """The lines a child prints, collected by a thread so the test can wait for one."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc) -> None:
        for line in proc.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text)
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in:\n{self.text}")


@SQLITE_ONLY
def test_serve_is_a_production_server_that_outlives_its_worker(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHANJIAO_")}
    env.pop("DATABASE_URL", None)
    env.update(CHANJIAO_VAR_DIR=str(tmp_path / "var"), CHANJIAO_WEB_WORKERS="2", COLUMNS="200")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_serve(port, env)
    out = _Output(proc)
    try:
        out.wait_for(r"Ctrl-C", timeout=240)
        assert proc.poll() is None, out.text
        assert "gunicorn" in out.text
        # A fresh database: the demo was loaded, and only then are its sign-ins printed.
        assert "chengdu-demo" in out.text
        assert _get(base + "/")[0] == 200

        # DEBUG is off: a missing page is the product's 404, not Django's debug page.
        status, page = _get(base + "/no-such-page/")
        assert status == 404 and "找不到页面" in page and "URLconf" not in page
        # Static files come hashed (manifest storage) and are served.
        css = re.search(r'href="(/static/chanjiao/app\.[0-9a-f]{12}\.css)"', page)
        assert css and _get(base + css.group(1))[0] == 200

        # Kill the job worker: the site keeps answering and a new worker appears.
        worker = int(out.wait_for(r"后台任务：pid (\d+)", timeout=5).group(1))
        os.kill(worker, signal.SIGKILL)
        assert _get(base + "/")[0] == 200
        restarted = int(out.wait_for(r"后台任务已重启（pid (\d+)）", timeout=30).group(1))
        assert restarted != worker and _alive(restarted)
        assert proc.poll() is None
        assert _get(base + "/bodies/")[0] == 200

        # A burst of 50 concurrent clients: every one answered, none reset.
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda _: _get(base + "/")[0], range(50)))
        assert statuses == [200] * 50
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0, out.text
    with socket.socket() as s:  # the web server is gone, and so is the worker
        assert s.connect_ex(("127.0.0.1", port)) != 0
    time.sleep(0.5)
    assert not _alive(restarted) or _zombie(restarted)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


# --- no built-in accounts -------------------------------------------------------------------


@pytest.fixture
def prepare(monkeypatch):
    """`serve`'s start-up steps, without collecting static files into the working tree."""
    monkeypatch.setattr(serve, "_collect_static", lambda console: None)
    console = Console(file=open(os.devnull, "w"), width=200)  # noqa: SIM115
    return lambda: serve._prepare(console)


def test_serve_creates_no_account_on_a_database_with_data(monkeypatch, body):
    monkeypatch.setattr(serve, "_collect_static", lambda console: None)
    console = Console(record=True, width=200, file=open(os.devnull, "w"))  # noqa: SIM115
    assert serve._prepare(console) is False
    assert not get_user_model().objects.exists()
    # It says how to create the first admin instead.
    assert "chanjiao createuser NAME --admin" in console.export_text()


def test_a_deleted_demo_account_does_not_come_back_at_the_next_start(prepare, db):
    User = get_user_model()
    assert prepare() is True  # empty: the demo and its sign-ins
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "chengdu", "jxjd"}
    User.objects.filter(username__in=["chengdu", "admin"]).delete()
    assert prepare() is False
    assert set(User.objects.values_list("username", flat=True)) == {"jxjd"}


def test_the_admin_password_is_not_reset_at_start(prepare, admin_user):
    prepare()
    admin_user.refresh_from_db()
    assert admin_user.check_password("pw-for-tests-123")
    assert get_user_model().objects.count() == 1


def test_demo_into_a_database_with_data_creates_no_account(admin_user, capsys):
    assert main(["demo"]) == 0
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["admin"]
    out = capsys.readouterr().out
    assert "chengdu-demo" not in out


def test_serve_can_skip_the_demo(monkeypatch, db):
    monkeypatch.setattr(serve, "_collect_static", lambda console: None)
    serve._prepare(Console(file=open(os.devnull, "w")), demo=False)  # noqa: SIM115
    assert not get_user_model().objects.exists()


# --- chanjiao token -------------------------------------------------------------------------


def test_token_prints_a_new_api_token_for_the_user(plain_user, capsys):
    assert main(["token", plain_user.username, "--name", "nightly export"]) == 0
    captured = capsys.readouterr()
    raw = captured.out.strip()
    assert user_for_token(raw) == plain_user
    assert "nightly export" in captured.err and raw not in captured.err
    assert plain_user.api_tokens.get().name == "nightly export"
    assert main(["token", "nobody"]) == 2
