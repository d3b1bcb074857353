"""REST endpoints of the registry: organisations, people and their positions, bodies with their
members, terms, committees and declared counts; one module per resource on one router.

Reads go through the selectors (which hide unpublished bodies from those who may not see them),
writes through the services (which check rights and write the change log).
"""

from . import bodies, council, members, organizations, people  # noqa: F401  (they register the routes)
from .base import bodies_seen, charters_seen, only_visible_bodies, router, terms_seen

__all__ = ["bodies_seen", "charters_seen", "only_visible_bodies", "router", "terms_seen"]

# The operation ids stay those of the single module the API was first written in
# (chanjiao_registry_api_<function>), so clients generated from the schema keep their names.
for _path in router.path_operations.values():
    for _operation in _path.operations:
        _operation.operation_id = (
            _operation.operation_id or f"chanjiao_registry_api_{_operation.view_func.__name__}"
        )
