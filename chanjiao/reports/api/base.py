"""The router the reports API modules share."""

from ninja import Router

router = Router()
