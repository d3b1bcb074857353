"""The terminal side of long work: a progress bar for the command line (no Django needed)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress_bar(
    console, label: str, total: int | None = None
) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on the terminal while a job runs: yields the ``progress(done, total)``
    callback that imports, match runs and batches all take; gone once the block ends."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done, total: bar.update(task, completed=done, total=total)
