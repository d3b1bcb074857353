"""REST endpoints of sharing: resources and their bookings."""

from ninja import Router

router = Router()
