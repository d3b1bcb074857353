"""Signals the accounts app sends to the apps above it (accounts imports none of them).

:data:`access_ended` — an account stops reaching what it reached, or passes to someone else:

- a role ends (:func:`~chanjiao.accounts.services.body_role_deactivate`): the body whose
  secretariat role ended, the units whose contact role ended;
- the account is switched off (:func:`~chanjiao.accounts.services.account_deactivate`) or its
  password is set through a reset link — the way a secretariat hands an account to a successor
  (:func:`~chanjiao.accounts.services.password_reset_done`): every body it is the secretariat
  of and every unit it is the contact of.

Keyword arguments: ``actor`` (who did it: a user, or the account itself), ``account``,
``body_ids`` (frozenset: bodies whose secretariat's credentials the account held) and
``organization_ids`` (frozenset: units whose contact's credentials it held). Sent inside the
service's transaction, so what a receiver writes (the sharing app gives the calendar feeds new
addresses: :mod:`chanjiao.sharing.receivers`) stands or falls with the change itself.
"""

from django.dispatch import Signal

access_ended = Signal()
