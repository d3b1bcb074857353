"""Every test of the yearly cycle starts with the default indicators catalogue.

A migration installs it, but a test that runs in a real transaction (a browser test) ends by
flushing every table, the catalogue with it; this puts back what is missing (one query when
nothing is)."""

import pytest


@pytest.fixture(autouse=True)
def catalogue(db):
    from chanjiao.reports.indicators import install_catalogue
    from chanjiao.reports.models import Indicator

    install_catalogue(Indicator)
