"""A synthetic yearly collection for the demo (合成数据): one round per demo body, with most of
its member schools' and enterprises' forms filled in and submitted.

No article states these figures: every value is generated (deterministically, from a fixed
seed and the unit's name), stored with ``is_synthetic`` and shown with a 合成数据 badge. The
round's year is the latest year in which the body held an event.

Loaded by :func:`chanjiao.demo.loader.load_demo` after the real facts; idempotent (a body that
already has a round for that year is left as it is).
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from chanjiao.reports import services as report_services
from chanjiao.reports.indicators import install_catalogue
from chanjiao.reports.models import CollectionRound, Indicator

SEED = 2026
#: Generated values by unit: (lowest, highest, decimals).
RANGES = {
    Indicator.Unit.PERSONS: (10, 300, 0),
    Indicator.Unit.PERSON_TIMES: (20, 500, 0),
    Indicator.Unit.PERSON_MONTHS: (2, 60, 0),
    Indicator.Unit.PERSON_DAYS: (50, 2000, 0),
    Indicator.Unit.UNITS: (1, 10, 0),
    Indicator.Unit.ORGANIZATIONS: (1, 10, 0),
    Indicator.Unit.EVENTS: (1, 10, 0),
    Indicator.Unit.DOCUMENTS: (1, 10, 0),
    Indicator.Unit.ITEMS: (1, 10, 0),
    Indicator.Unit.COURSES: (1, 12, 0),
    Indicator.Unit.BOOKS: (1, 6, 0),
    Indicator.Unit.CLASSES: (1, 8, 0),
    Indicator.Unit.HOURS: (100, 2000, 0),
    Indicator.Unit.TEN_THOUSAND_YUAN: (5, 300, 1),
    Indicator.Unit.PERCENT: (60, 98, 1),
}
#: One form in this many is left unsubmitted, so the round has someone to remind.
LEFT_OPEN_EVERY = 4


def synthetic_value(indicator: Indicator, rng: random.Random) -> Decimal:
    low, high, decimals = RANGES[indicator.unit]
    value = Decimal(str(round(rng.uniform(low, high), decimals)))
    return value if decimals else value.to_integral_value()


def load_collection_demo(loader) -> None:
    """One synthetic round per demo body (see the module doc), with the loader's actor."""
    actor = loader.actor
    # Installed by a migration; put back only where a test flushed the tables.
    install_catalogue(Indicator)
    for body in loader.bodies.values():
        # Held events only: an upcoming one (the synthetic registration demo) does not count.
        today = timezone.localdate()
        latest = body.events.filter(starts_on__lte=today).aggregate(day=Max("starts_on"))["day"]
        this_year = today.year
        year = min(latest.year, this_year) if latest else this_year - 1
        if CollectionRound.objects.filter(body=body, year=year).exists():
            loader.existing["synthetic_collection_rounds"] += 1
            continue
        round_ = report_services.round_open(actor=actor, body=body, year=year)
        loader.created["synthetic_collection_rounds"] += 1
        forms = round_.forms.select_related("organization").order_by("organization__name")
        for n, form in enumerate(forms, start=1):
            rng = random.Random(f"{SEED}-{year}-{form.organization}")
            values = {
                i.code: synthetic_value(i, rng) for i in report_services.form_indicators(form)
            }
            report_services.form_save(actor=actor, form=form, values=values, is_synthetic=True)
            if n % LEFT_OPEN_EVERY:
                report_services.form_submit(actor=actor, form=form)
