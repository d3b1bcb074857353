"""Background entry points of the ingest app (run by ``chanjiao worker``)."""

from django_tasks import task

from .services import batch_run


@task()
def run_ingest_batch(batch_id: int, token: str | None = None) -> dict:
    """Process the queued articles of an :class:`~chanjiao.ingest.models.IngestBatch`.

    Idempotent: each article is committed on its own, a rerun after a worker restart
    continues with the articles still queued, and a task whose ``token`` is no longer the
    batch's does nothing.
    """
    return batch_run(batch_id=batch_id, token=token)
