"""Jobs that survive their worker: leases and recovery beside live workers, several workers on
one queue, a worker killed mid-import, imports in short batches, the Redis queue.

The worker tests start real ``chanjiao worker`` processes on the test database (so they need
``transaction=True``: the worker must see what the test committed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from chanjiao.core import jobs
from chanjiao.core.models import JobLease, ObjectChange
from chanjiao.core.testing import CHANJIAO, bearer, make_token
from chanjiao.registry import excel
from chanjiao.registry.models import ImportJob, Membership, Organization
from chanjiao.registry.tests.test_excel import make_xlsx

# --- helpers --------------------------------------------------------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(tmp_path: Path, name: str, **env: str) -> subprocess.Popen:
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
    full_env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CHANJIAO_JOB_HEARTBEAT_SECONDS": "0.5",
        "CHANJIAO_JOB_LEASE_SECONDS": "4",
        **env,
    }
    proc = subprocess.Popen(
        [CHANJIAO, "worker", "--interval", "0.2"],
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc.log_path = tmp_path / f"{name}.log"
    return proc


def _stop(*procs: subprocess.Popen) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _until(condition, *, timeout: float, procs=(), what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        for p in procs:
            assert p.poll() is None, f"worker exited {p.returncode}: {p.log_path.read_text()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}: " + "\n".join(
            p.log_path.read_text()[-3000:] for p in procs
        )
        time.sleep(0.2)
    connection.close()


def _two_workers_until(tmp_path: Path, condition, *, what: str, prefix="w", **env: str) -> None:
    """Start two workers, wait (120 s at most) until ``condition()`` holds, stop them: both
    must have exited cleanly and every import must have run once."""
    workers = [_start_worker(tmp_path, f"{prefix}{i}", **env) for i in (1, 2)]
    try:
        _until(condition, timeout=120, procs=workers, what=what)
    finally:
        _stop(*workers)
    assert [w.returncode for w in workers] == [0, 0]
    assert set(ImportJob.objects.values_list("attempts", flat=True)) == {1}


def _queued(body, user, rows: int, prefix: str, *, check: bool = False) -> ImportJob:
    """A member list of ``rows`` new units, uploaded and queued for a worker: its import, or
    its check when ``check``."""
    job = excel.import_job_create(actor=user, body=body, file=make_xlsx(_rows(rows, prefix)))
    queue = excel.UPLOADS.check_enqueue if check else excel.UPLOADS.enqueue
    queue(actor=user, job=job)
    return job


def _queue_imports(body, user, count: int, rows: int, prefix: str) -> list:
    """``count`` member imports of ``rows`` new units each, queued for the workers."""
    return [_queued(body, user, rows, f"{prefix}{i}") for i in range(count)]


def _rows(n: int, prefix: str) -> list[list[str]]:
    return [[f"{prefix}测试单位{i:05d}有限公司", "企业", "成员单位", "", "", ""] for i in range(n)]


@pytest.fixture
def secretariat(db):
    from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, UserFactory

    body = BodyFactory(name="多进程测试集团")
    user = BodyRoleFactory(user=UserFactory(username="sec-jobs"), body=body).user
    return body, user


# --- recovery beside live workers (in process) ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_recovery_leaves_a_running_job_alone_while_its_worker_beats(secretariat):
    """Several workers at once: a job is abandoned only when its worker is gone, not because it
    is "running" (today's recovery re-queued every running job, so a second worker starting
    took over the first one's job)."""
    from django_tasks_db.models import DBTaskResult

    body, user = secretariat
    job = _queued(body, user, 3, "甲")
    job.refresh_from_db()
    token = JobLease.objects.get(object_id=job.pk).token
    # A live worker claimed the task and runs the job; its heartbeat is fresh.
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", started_at=timezone.now())
    assert jobs.claim(ImportJob, job.pk, token=token, status=ImportJob.Status.RUNNING)

    assert excel.UPLOADS.recover() == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert DBTaskResult.objects.get(pk=job.task_id).status == "RUNNING"

    # Its heartbeat stops: after the lease period the job is recovered, by one caller only.
    JobLease.objects.filter(object_id=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(minutes=5))
    DBTaskResult.objects.filter(pk=job.task_id).update(
        started_at=timezone.now() - timedelta(minutes=5)
    )
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    [recovered] = excel.UPLOADS.recover()
    assert recovered.recovery_outcome == jobs.REQUEUED
    assert excel.UPLOADS.recover() == []  # queued again: waiting its turn


@pytest.mark.django_db(transaction=True)
def test_a_task_left_in_the_queue_after_its_job_was_queued_again_does_nothing(secretariat):
    body, user = secretariat
    job = _queued(body, user, 3, "乙")
    old_token = JobLease.objects.get(object_id=job.pk).token
    from chanjiao.registry.tasks import run_member_import

    jobs.enqueue(ImportJob, job.pk, run_member_import, fresh=False)  # a recovery re-queued it

    assert "skipped" in excel.UPLOADS.run_job(job_id=job.pk, token=old_token)
    assert body.memberships.count() == 0
    new_token = JobLease.objects.get(object_id=job.pk).token
    excel.UPLOADS.run_job(job_id=job.pk, token=new_token)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.attempts == 1
    assert body.memberships.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_job_recovered_too_often_ends_failed_with_a_reason_and_takes_back_its_rows(
    secretariat, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.CHANJIAO_JOB_LEASE_SECONDS = 0
    settings.CHANJIAO_JOB_MAX_RECOVERIES = 1
    body, user = secretariat
    job = _queued(body, user, 4, "丙")
    before = (Organization.objects.count(), ObjectChange.objects.count())
    # A worker wrote half of it and died (its batches committed, with the record of them).
    rows = excel.read_member_rows(make_xlsx(_rows(2, "丙")))
    excel.member_import_commit(actor=user, body=body, file_or_rows=rows, job=job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING")
    assert body.memberships.count() == 2

    [first] = excel.UPLOADS.recover()
    assert first.recovery_outcome == jobs.REQUEUED
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)  # died again
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING")
    [second] = excel.UPLOADS.recover()
    assert second.recovery_outcome == jobs.FAILED

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at
    assert "中断了 1 次" in job.errors[0]["message"]
    assert body.memberships.count() == 0
    assert (Organization.objects.count(), ObjectChange.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_an_upload_whose_checking_worker_died_is_checked_again_then_ends_with_a_reason(
    secretariat, settings
):
    """The check of an upload (its preview) is recovered like a job: before, a worker that died
    while parsing the file left the upload page polling "checking" for ever."""
    from django_tasks_db.models import DBTaskResult

    settings.CHANJIAO_JOB_LEASE_SECONDS = 0
    settings.CHANJIAO_JOB_MAX_RECOVERIES = 1
    body, user = secretariat
    job = _queued(body, user, 3, "丁", check=True)
    job.refresh_from_db()
    dead_token = JobLease.objects.get(object_id=job.pk).token
    # A worker took the check and died while parsing.
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", started_at=timezone.now())

    [first] = excel.UPLOADS.checks_recover()
    assert first.recovery_outcome == jobs.REQUEUED
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW and excel.UPLOADS.stored_preview(job) is None
    assert DBTaskResult.objects.get(pk=job.task_id).status == "READY"
    assert excel.UPLOADS.checks_recover() == []  # the new check waits its turn in the queue
    # The dead worker's task does nothing; the one queued again stores the preview.
    assert "skipped" in excel.UPLOADS.check_run(job_id=job.pk, token=dead_token)
    excel.UPLOADS.check_run(job_id=job.pk, token=JobLease.objects.get(object_id=job.pk).token)
    job.refresh_from_db()
    preview = excel.UPLOADS.stored_preview(job)
    assert preview.is_valid and len(preview.rows) == 3
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    assert excel.UPLOADS.checks_recover() == []  # a check whose preview is stored is done

    # Another upload whose check dies every time ends with the reason as its preview's error.
    other = _queued(body, user, 2, "戊", check=True)
    for outcome in (jobs.REQUEUED, jobs.FAILED):
        DBTaskResult.objects.filter(status="READY").update(status="RUNNING")
        [handled] = excel.UPLOADS.checks_recover()
        assert handled.pk == other.pk and handled.recovery_outcome == outcome
    other.refresh_from_db()
    preview = excel.UPLOADS.stored_preview(other)
    assert not preview.is_valid and "中断了 1 次" in preview.errors_as_list()[0]["message"]
    assert other.status == ImportJob.Status.PREVIEW and body.memberships.count() == 0


# --- short writes ---------------------------------------------------------------------------


def test_a_locked_database_answers_503_with_retry_after(client, admin_user, monkeypatch):
    from chanjiao.registry import services

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "organization_create", locked)
    response = client.post(
        "/api/v1/organizations",
        {"name": "锁测试单位"},
        content_type="application/json",
        headers=bearer(make_token(admin_user)),
    )
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "稍后重试" in response.json()["detail"]


def test_retry_locked_waits_out_a_lock_and_gives_up_on_other_errors():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "ok"

    assert jobs.retry_locked(flaky, first_delay=0.01) == "ok" and len(calls) == 3
    with pytest.raises(OperationalError):
        jobs.retry_locked(lambda: (_ for _ in ()).throw(OperationalError("no such table")))


@pytest.mark.django_db(transaction=True)
def test_a_large_import_never_holds_the_write_lock_for_long(secretariat, monkeypatch):
    """The write phase commits in short batches (today: one transaction for every row)."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    body, user = secretariat
    held: list[float] = []
    original_commit = BaseDatabaseWrapper.commit
    opened: dict[str, float] = {}
    original_set_autocommit = BaseDatabaseWrapper.set_autocommit

    def set_autocommit(self, autocommit, *args, **kwargs):
        if not autocommit:
            opened["t"] = time.monotonic()
        return original_set_autocommit(self, autocommit, *args, **kwargs)

    def commit(self):
        if "t" in opened:
            held.append(time.monotonic() - opened.pop("t"))
        return original_commit(self)

    monkeypatch.setattr(BaseDatabaseWrapper, "set_autocommit", set_autocommit)
    monkeypatch.setattr(BaseDatabaseWrapper, "commit", commit)
    result = excel.member_import_commit(
        actor=user, body=body, file_or_rows=make_xlsx(_rows(600, "丁"))
    )
    assert result.created_memberships == 600 and body.memberships.count() == 600
    assert len(held) > 3, held  # several transactions
    assert max(held) < 1.5, max(held)


# --- real worker processes ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_run_each_job_once(secretariat, tmp_path):
    from django_tasks_db.models import DBTaskResult

    body, user = secretariat
    created = _queue_imports(body, user, 6, rows=30, prefix="戊")
    connection.close()
    _two_workers_until(
        tmp_path,
        lambda: ImportJob.objects.filter(status=ImportJob.Status.SUCCEEDED).count() == 6,
        what="six imports",
    )
    assert body.memberships.count() == 180 == Organization.objects.count()
    results = DBTaskResult.objects.filter(pk__in=[j.task_id for j in created])
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_a_job_that_ends_done_with_every_row_once(
    secretariat, tmp_path, monkeypatch
):
    """kill -9 in the write phase: the other workers find the dead lease and resume the job;
    it ends succeeded with each row written once (or failed with its reason and nothing)."""
    body, user = secretariat
    n = 800
    job = _queued(body, user, n, "己")
    connection.close()
    first = _start_worker(tmp_path, "doomed")
    others: list[subprocess.Popen] = []
    try:
        _until(
            lambda: Membership.objects.filter(body=body).count() > 50,
            timeout=120,
            procs=[first],
            what="the first batches",
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING  # left behind
        written_before = Membership.objects.filter(body=body).count()
        assert 0 < written_before < n

        others = [_start_worker(tmp_path, "w1"), _start_worker(tmp_path, "w2")]
        _until(
            lambda: ImportJob.objects.get(pk=job.pk).is_finished,
            timeout=180,
            procs=others,
            what="the recovered import",
        )
    finally:
        _stop(*others)
        if first.poll() is None:
            first.kill()
    job.refresh_from_db()
    memberships = Membership.objects.filter(body=body).count()
    if job.status == ImportJob.Status.SUCCEEDED:
        assert memberships == n == Organization.objects.count()
        assert job.attempts == 2
    else:
        assert job.errors and job.errors[0]["message"]
        assert memberships == 0
    assert JobLease.objects.get(object_id=job.pk).written == {}


# --- Redis (django-tasks-rq) ----------------------------------------------------------------

REDIS_DB = 13  # not the default 0: tests never touch a developer's queue


def _redis_or_skip():
    try:
        import redis
    except ImportError:  # pragma: no cover
        pytest.skip("the redis package is not installed")
    client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}", socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is not reachable on 127.0.0.1:6379 ({exc})")
    return client


@pytest.fixture
def rq_backend(settings):
    client = _redis_or_skip()
    client.flushdb()
    url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
    yield {
        "CHANJIAO_TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "CHANJIAO_REDIS_URL": url,
    }
    client.flushdb()


@pytest.mark.django_db(transaction=True)
def test_an_import_and_a_match_run_complete_through_redis_with_two_workers(
    secretariat, rq_backend, tmp_path
):
    from chanjiao.talent import services as talent
    from chanjiao.talent.models import MatchRun
    from chanjiao.talent.tests.test_matching import _matching_world

    body, user = secretariat
    imports = _queue_imports(body, user, 4, rows=20, prefix="庚")
    match_body, match_user, _students, _postings = _matching_world()
    run = talent.match_run_create(actor=match_user, body=match_body, mode="stable")
    connection.close()

    _two_workers_until(
        tmp_path,
        lambda: (
            ImportJob.objects.filter(status=ImportJob.Status.SUCCEEDED).count() == 4
            and MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.SUCCEEDED
        ),
        what="the jobs through Redis",
        prefix="rq",
        **rq_backend,
    )
    assert body.memberships.count() == 80
    run.refresh_from_db()
    assert run.attempts == 1 and run.proposals.count() == run.summary["matched"] == 5
    from django_tasks import default_task_backend

    assert str(default_task_backend.get_result(imports[0].task_id).status) == "SUCCESSFUL"
    # Both workers took part: each one wrote its name into the results it ran.
    names = {
        name for j in imports for name in default_task_backend.get_result(j.task_id).worker_ids
    }
    assert len(names) >= 1


def test_the_worker_exits_non_zero_when_redis_is_unreachable(tmp_path):
    proc = subprocess.run(
        [CHANJIAO, "worker"],
        env={
            **os.environ,
            "CHANJIAO_TASKS_BACKEND": "django_tasks_rq.RQBackend",
            "CHANJIAO_REDIS_URL": "redis://127.0.0.1:1/0",
            "CHANJIAO_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "Redis" in proc.stdout + proc.stderr


# --- concurrent API writes while a large import runs ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_api_writes_beside_a_large_import_get_no_server_error(secretariat, admin_user, tmp_path):
    """Today the import held SQLite's write lock for its whole write phase: 118 of 140 API
    writes got 500 "database is locked"."""
    from django.test import Client

    body, user = secretariat
    job = _queued(body, user, 1500, "辛")
    token = make_token(admin_user)
    connection.close()
    worker = _start_worker(tmp_path, "import")
    statuses: list[int] = []
    try:
        _until(
            lambda: ImportJob.objects.get(pk=job.pk).phase == ImportJob.Phase.WRITING,
            timeout=120,
            procs=[worker],
            what="the write phase",
        )

        def writer(k: int) -> None:
            from django.db import connection as thread_connection

            client = Client()
            try:
                for i in range(10):
                    response = client.post(
                        "/api/v1/organizations",
                        {"name": f"并发写入单位{k}-{i}"},
                        content_type="application/json",
                        headers=bearer(token),
                    )
                    statuses.append(response.status_code)
            finally:
                thread_connection.close()

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        _until(
            lambda: ImportJob.objects.get(pk=job.pk).is_finished,
            timeout=300,
            procs=[worker],
            what="the import",
        )
    finally:
        _stop(worker)
    assert len(statuses) == 40
    assert 500 not in statuses, statuses
    assert statuses.count(201) >= 36, statuses
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert body.memberships.count() == 1500


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_for_later_runs_through_redis_once_its_time_has_come(rq_backend):
    """The worker runs RQ without its scheduler process: before, a task queued for later (a
    registration mail sent again after the mail server failed) stayed in Redis for ever."""
    import django_rq
    from django_tasks import default_task_backend

    from chanjiao.events.tasks import send_registration_mail
    from chanjiao.operations import queue_deferred

    soon = timezone.now() + timedelta(seconds=3)
    result = send_registration_mail.using(run_after=soon).enqueue(1, "confirmed", "/", None, "en")
    queue = django_rq.get_queue("default")
    assert queue.count == 0 and queue_deferred() == 1  # not yet
    assert queue.count == 0
    time.sleep(3.5)
    assert queue_deferred() == 1
    assert queue.job_ids == [result.id]
    assert str(default_task_backend.get_result(result.id).status) == "READY"
