"""The synthetic talent demo data (合成数据): loaded with the demo, labelled everywhere."""

import pytest
from django.urls import reverse

from chanjiao.core.models import ObjectChange
from chanjiao.demo.loader import load_demo
from chanjiao.talent.models import Application, Cohort, Major, Posting, Student


@pytest.fixture
def demo(db):
    return load_demo()


def talent_counts():
    return {m.__name__: m.objects.count() for m in (Major, Cohort, Posting, Student, Application)}


def test_synthetic_demo_students_are_labelled(demo):
    students = Student.objects.all()
    assert students.count() == 200
    assert not students.filter(is_synthetic=False).exists()
    names = sorted(students.values_list("display_name", flat=True))
    assert names[0] == "合成学生0001" and names[-1] == "合成学生0200"
    assert not Cohort.objects.filter(is_synthetic=False).exists()
    assert all(p.is_synthetic and p.title.startswith("合成岗位：") for p in Posting.objects.all())
    assert not Major.objects.filter(is_synthetic=False).exists()
    assert set(Cohort.objects.values_list("school__name", flat=True)) == {
        "成都工贸职业技术学院",
        "江西机电职业技术学院",
        "天津机电职业技术学院",
    }
    assert (
        Application.objects.filter(student__is_synthetic=True).count()
        == Application.objects.count()
        > 0
    )


def test_the_pages_show_the_synthetic_badge(client, demo):
    cohort = Cohort.objects.filter(students__isnull=False).first()
    client.login(username="admin", password="admin")
    page = client.get(reverse("talent:cohort_detail", args=[cohort.pk])).content.decode()
    assert "合成数据" in page and "合成学生" in page
    postings = client.get(reverse("talent:posting_list")).content.decode()
    assert postings.count("cj-synthetic") >= Posting.objects.count()
    # Numbers built from synthetic rows say so too.
    gap = client.get(reverse("talent:gap")).content.decode()
    assert 'id="synthetic-notice"' in gap


def test_loading_the_demo_again_writes_nothing(demo):
    before = talent_counts(), ObjectChange.objects.count()
    summary = load_demo()
    assert (talent_counts(), ObjectChange.objects.count()) == before
    assert summary["synthetic_students"] == {"created": 0, "existing": 200}


def test_the_chengdu_secretariat_can_match_the_demo(demo):
    pytest.importorskip("chanjiao.talent.engine")
    from django.contrib.auth import get_user_model

    from chanjiao.registry.models import Body
    from chanjiao.talent import matching, services

    user = get_user_model().objects.get(username="chengdu")
    body = Body.objects.get(name="成都智能制造职业教育集团")
    run = services.match_run_create(actor=user, body=body)
    summary = matching.match_run_execute(run_id=run.pk)
    assert summary["students"] == 80 and summary["matched"] == 75 and summary["ok"]
