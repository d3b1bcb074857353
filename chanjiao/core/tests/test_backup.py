"""``chanjiao backup`` / ``chanjiao restore``: one archive with the database and the uploaded
files, round trip on SQLite and on PostgreSQL (a scratch database, never the test one)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest

from chanjiao.core.testing import CHANJIAO

PASSWORD = "Kq7-tide-lantern-92"


def _run(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHANJIAO, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300
    )


#: Longer than a pipe's 80 columns: the command prints it whole, for a script to read.
ARCHIVE = "chanjiao-backup-of-the-database-and-every-uploaded-file-of-the-instance.tar.gz"


def _ok(env, *args, stdin: str | None = None) -> str:
    result = _run(env, *args, stdin=stdin)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _round_trip(env: dict, var: Path, usernames) -> None:
    media = var / "media" / "imports"
    _ok(env, "migrate")
    _ok(env, "createuser", "alice", "--admin", "--password", PASSWORD)
    media.mkdir(parents=True)
    (media / "members.xlsx").write_bytes(b"uploaded list")

    archive = var.parent / ARCHIVE
    out = _ok(env, "backup", str(archive))
    assert str(archive) in out
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "media/imports/members.xlsx" in names
    assert manifest["counts"]["auth.user"] == 1 and manifest["media_files"] == 1
    assert manifest["engine"] == env["_ENGINE"]

    # Changes after the backup: a new account, a lost file.
    _ok(env, "createuser", "bob", "--password", PASSWORD)
    (media / "members.xlsx").unlink()
    (media / "later.xlsx").write_bytes(b"after the backup")
    assert usernames() == ["alice", "bob"]

    # Without --yes it asks, and "n" changes nothing.
    refused = _run(env, "restore", str(archive), stdin="n\n")
    assert refused.returncode != 0 and "[y/N]" in refused.stdout
    assert usernames() == ["alice", "bob"]

    _ok(env, "restore", str(archive), "--yes")
    assert usernames() == ["alice"]
    assert (media / "members.xlsx").read_bytes() == b"uploaded list"
    assert not (media / "later.xlsx").exists()


def test_backup_and_restore_round_trip_on_sqlite(tmp_path):
    var = tmp_path / "var"
    env = {**os.environ, "CHANJIAO_VAR_DIR": str(var), "DATABASE_URL": "", "_ENGINE": "sqlite"}

    def usernames():
        with sqlite3.connect(var / "chanjiao.sqlite3") as db:
            return [r[0] for r in db.execute("SELECT username FROM auth_user ORDER BY username")]

    _round_trip(env, var, usernames)


def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432 ({exc})")
    name = f"chanjiao_backup_test_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    var = tmp_path / "var"
    env = {**os.environ, "CHANJIAO_VAR_DIR": str(var), "DATABASE_URL": url, "_ENGINE": "postgresql"}

    def usernames():
        with psycopg.connect(url) as db:
            rows = db.execute("SELECT username FROM auth_user ORDER BY username").fetchall()
        return [r[0] for r in rows]

    try:
        _round_trip(env, var, usernames)
        # A PostgreSQL archive is refused by a SQLite instance.
        sqlite_env = {**env, "DATABASE_URL": "", "CHANJIAO_VAR_DIR": str(tmp_path / "other")}
        _ok(sqlite_env, "migrate")
        refused = _run(sqlite_env, "restore", str(tmp_path / ARCHIVE), "--yes")
        assert refused.returncode != 0 and "postgresql" in refused.stdout
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_cut_off_archive_or_a_failed_backup_is_said_in_words_and_changes_nothing(tmp_path):
    """Before, restoring an archive cut off in copying printed a Python traceback, and a backup
    that failed at its end left a hidden copy of the database beside the target."""
    var = tmp_path / "var"
    env = {**os.environ, "CHANJIAO_VAR_DIR": str(var), "DATABASE_URL": ""}
    _ok(env, "migrate")
    _ok(env, "createuser", "alice", "--admin", "--password", PASSWORD)
    archive = tmp_path / "full.tar.gz"
    _ok(env, "backup", str(archive))
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _ok(env, "createuser", "bob", "--password", PASSWORD)

    refused = _run(env, "restore", str(cut), "--yes")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "不完整或已损坏" in refused.stdout + refused.stderr
    with sqlite3.connect(var / "chanjiao.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM auth_user").fetchone()[0] == 2  # untouched

    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert _run(env, "backup", str(folder)).returncode != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-folder",
        "cut.tar.gz",
        "full.tar.gz",
        "var",
    ]
