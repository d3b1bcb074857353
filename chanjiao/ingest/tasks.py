"""Background entry points of the ingest app (run by ``manage.py db_worker``)."""

from django_tasks import task

from .services import batch_run


@task()
def run_ingest_batch(batch_id: int) -> dict:
    """Process the queued articles of an :class:`~chanjiao.ingest.models.IngestBatch`.

    Idempotent: each article is committed on its own, and a rerun after a worker restart
    continues with the articles still queued.
    """
    return batch_run(batch_id=batch_id)
