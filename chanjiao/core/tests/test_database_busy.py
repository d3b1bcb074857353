"""Pages that meet a locked database answer 503 in the product's layout, with Retry-After."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def locked(request):
    raise OperationalError("database is locked")


def broken(request):
    raise OperationalError("no such table: nowhere")


# The site's own URLs (the layout links them) and two views that fail on purpose.
urlpatterns = [path("test/locked/", locked), path("test/broken/", broken), *site_urlpatterns]

pytestmark = pytest.mark.urls(__name__)


def test_a_page_that_meets_a_locked_database_answers_503_in_the_layout(db):
    response = Client(raise_request_exception=False).get("/test/locked/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "<html" in page and "</nav>" in page  # base.html, not a bare page
    assert "系统繁忙，请稍后重试" in page and 'data-status="503"' in page
    assert "database is locked" not in page and "Traceback" not in page


def test_a_locked_write_answers_503_too(db, admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.post("/test/locked/", {"name": "x"})
    assert response.status_code == 503 and response["Retry-After"] == "5"


def test_other_database_errors_stay_500(db):
    response = Client(raise_request_exception=False).get("/test/broken/")
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
