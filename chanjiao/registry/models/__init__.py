"""The registry: organisations, people, bodies, memberships, terms, committees, charters.

Every write goes through ``services.py``; the constraints here are the last line of defence.
One module per family: organisations and people, bodies and what belongs to them, import jobs.
"""

from .bodies import (
    ROLE_ORDER,
    Body,
    Charter,
    Committee,
    CommitteeSeat,
    DeclaredCount,
    Membership,
    Role,
    Term,
    role_order_expression,
)
from .jobs import ImportJob
from .organizations import Organization, Person, Position, in_force_on, split_aliases

__all__ = [
    "ROLE_ORDER",
    "Body",
    "Charter",
    "Committee",
    "CommitteeSeat",
    "DeclaredCount",
    "ImportJob",
    "Membership",
    "Organization",
    "Person",
    "Position",
    "Role",
    "Term",
    "in_force_on",
    "role_order_expression",
    "split_aliases",
]
