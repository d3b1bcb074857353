"""The secretariat's to-do list (待办事项) on the home page: what waits for the bodies a user runs."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from chanjiao.cooperation.models import Agreement, CarrierMilestone
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.golds.models import GoldsNomination
from chanjiao.golds.services import golds_programme_create
from chanjiao.ingest.models import Article
from chanjiao.registry.models import Membership


def _waiting(body, other_body, secretariat_user, member_org):
    """One thing of each kind waiting for ``body``'s secretariat, and the same for other_body."""
    today = timezone.localdate()
    for b, tag in ((body, "本体"), (other_body, "他体")):
        AgreementFactory(
            title=f"{tag}即将到期的协议",
            body=b,
            status=Agreement.Status.EXPIRING,
            starts_on=today - datetime.timedelta(days=300),
            ends_on=today + datetime.timedelta(days=20),
        )
        carrier = CarrierFactory(name=f"{tag}产业学院", body=b)
        CarrierMilestone.objects.create(
            carrier=carrier, kind="base_built", due_on=today - datetime.timedelta(days=10)
        )
        Article.objects.create(
            input="text", raw=f"{tag}新闻", title=f"{tag}待审核新闻", status="pending", body=b
        )
    Membership.objects.create(body=body, organization=member_org)
    programme = golds_programme_create(actor=secretariat_user, body=body, name="五金建设")
    GoldsNomination.objects.create(
        category=programme.categories.get(kind="course"),
        organization=member_org,
        year=2025,
        name="本体金课程申报",
        status="submitted",
        submitted_at=timezone.now(),
    )


def test_a_secretariat_sees_what_waits_for_its_body_and_nothing_of_other_bodies(
    client, body, other_body, secretariat_user, member_org
):
    _waiting(body, other_body, secretariat_user, member_org)
    client.force_login(secretariat_user)
    html = client.get(reverse("home")).content.decode()
    todo = html[html.index('id="todo"') : html.index("</section>", html.index('id="todo"'))]
    for key in ("agreements", "carriers", "nominations", "articles"):
        assert f'data-todo="{key}"' in todo, key
    for text in (
        "本体即将到期的协议",
        "即将到期",
        "本体产业学院",
        "本体金课程申报",
        "本体待审核新闻",
    ):
        assert text in todo, text
    assert "他体" not in todo


def test_an_admin_sees_every_bodys_waiting_work(
    client, body, other_body, admin_user, secretariat_user, member_org
):
    _waiting(body, other_body, secretariat_user, member_org)
    client.force_login(admin_user)
    html = client.get(reverse("home")).content.decode()
    assert "他体即将到期的协议" in html and "本体即将到期的协议" in html
    assert "他体待审核新闻" in html


def test_visitors_and_units_without_a_role_get_no_to_do_list(
    client, body, other_body, secretariat_user, member_org, contact_user
):
    _waiting(body, other_body, secretariat_user, member_org)
    assert 'id="todo"' not in client.get(reverse("home")).content.decode()
    client.force_login(contact_user)  # the nominating unit's contact: not its own reviewer
    assert 'id="todo"' not in client.get(reverse("home")).content.decode()
