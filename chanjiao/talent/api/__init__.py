"""REST endpoints of talent: the majors catalogue, cohorts, postings, students and their
applications, the supply–demand gap, match runs with their proposals, and placements; one
module per resource on one router.

Reads go through the selectors (students and placements only for those who may see them),
writes through the services (which check rights and write the change log).
"""

from . import majors, matching, students, supply  # noqa: F401  (they register the routes)
from .base import router

__all__ = ["router"]

# The operation ids stay those of the single module the API was first written in
# (chanjiao_talent_api_<function>), so clients generated from the schema keep their names.
for _path in router.path_operations.values():
    for _operation in _path.operations:
        _operation.operation_id = (
            _operation.operation_id or f"chanjiao_talent_api_{_operation.view_func.__name__}"
        )
