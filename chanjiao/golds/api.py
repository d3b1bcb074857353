"""REST endpoints of the five golds (五金) programme."""

from ninja import Router

router = Router()
