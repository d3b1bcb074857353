"""REST endpoints of the yearly cycle: the indicators catalogue (指标), collection rounds (填报)
with their forms, the annual report (年度工作报告), the supervisor's view (主管部门), development
plans (发展规划) and the industry-chain alignment (产业链对接); one module per resource on one
router.

The catalogue is public; platform admins add and change indicators. A round is opened, its
forms returned and the round locked by the body's secretariat; a member unit's contact reads
and fills only its own unit's form; the body's supervising department reads everything.
"""

from . import annual, chains, collection, indicators, plans  # noqa: F401  (they register the routes)
from .base import router

__all__ = ["router"]

# The operation ids stay those of the single module the API was first written in
# (chanjiao_reports_api_<function>), so clients generated from the schema keep their names.
for _path in router.path_operations.values():
    for _operation in _path.operations:
        _operation.operation_id = (
            _operation.operation_id or f"chanjiao_reports_api_{_operation.view_func.__name__}"
        )
