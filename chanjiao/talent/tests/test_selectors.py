"""The supply–demand gap (人才供需分析) and the scoped lists, on a fixture small enough to
know every number by heart (see ``conftest.world``)."""

import pytest

from chanjiao.talent import selectors


def rows(world_body, **kwargs):
    return [
        (r.label, r.supply, r.demand, r.gap)
        for r in selectors.talent_gap(actor=None, body=world_body.pk, year=2026, **kwargs)
    ]


def test_gap_by_major_puts_the_largest_gap_first(world, body):
    assert rows(body, by="major") == [
        (str(world["majors"]["soft"]), 10, 60, 50),
        (str(world["majors"]["mech"]), 40, 10, -30),
        (str(world["majors"]["robot"]), 30, 5, -25),
    ]


def test_gap_by_category_adds_up_the_majors_of_each_category(world, body):
    assert rows(body, by="category") == [
        ("46 装备制造大类（高职专科）", 70, 15, -55),
        ("51 电子与信息大类（高职专科）", 10, 60, 50),
    ]


def test_gap_by_industry_and_by_province(world, body):
    assert rows(body, by="industry") == [("智能制造", 70, 15, -55), ("信息技术服务", 10, 60, 50)]
    # The school is in 四川省成都市; the member enterprise's posting names no region.
    assert rows(body, by="region") == [("四川省", 80, 70, -10), ("未填地区", 0, 5, 5)]


def test_gap_counts_only_open_postings_of_the_year_and_the_body(world, body, other_body):
    total = selectors.talent_gap(actor=None, body=body.pk, year=2026, by="category")
    assert sum(r.demand for r in total) == 75  # not the closed, later or other body's postings
    assert sum(r.supply for r in total) == 80  # not the 2027 cohort nor the other body's
    other = rows(other_body, by="major")
    assert other == [(str(world["majors"]["mech"]), 50, 7, -43)]


def test_gap_without_a_year_counts_every_cohort_and_open_posting(world, body):
    result = selectors.talent_gap(actor=None, body=body.pk, by="major")
    by_label = {r.label: (r.supply, r.demand) for r in result}
    assert by_label[str(world["majors"]["mech"])] == (139, 10)
    assert by_label[str(world["majors"]["robot"])] == (30, 8)


def test_gap_filters_by_region(world, body):
    assert rows(body, by="major", region="天津") == []
    assert [r[0] for r in rows(body, by="major", region="成都")][:1] == [
        str(world["majors"]["soft"])
    ]


def test_gap_is_two_grouped_queries_whatever_the_number_of_rows(
    world, body, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # supply, demand, labels
        selectors.talent_gap(actor=None, body=body.pk, year=2026, by="category")


def test_unpublished_body_hides_its_cohorts_and_postings_from_the_public(world, body):
    body.is_published = False
    body.save()
    assert not selectors.cohort_list(actor=None).filter(body=body).exists()
    assert rows(body, by="major") == [
        # only what is filed under no body by its member units stays visible
        (str(world["majors"]["robot"]), 30, 5, -25)
    ]


def test_cohort_list_of_a_body_includes_what_its_member_schools_filed_under_no_body(world, body):
    ids = set(selectors.cohort_list(actor=None, body=body.pk).values_list("pk", flat=True))
    cohorts = world["cohorts"]
    assert ids == {
        cohorts["a_mech"].pk,
        cohorts["a_robot"].pk,
        cohorts["a_soft"].pk,
        cohorts["a_mech_2027"].pk,
    }


def test_students_are_hidden_from_the_public_and_from_other_bodies(
    world, body, secretariat_user, other_secretariat, plain_user
):
    from chanjiao.talent.tests.factories import StudentFactory

    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    assert not selectors.visible_students(None).exists()
    assert not selectors.visible_students(plain_user).exists()
    assert not selectors.visible_students(other_secretariat).exists()
    assert list(selectors.visible_students(secretariat_user)) == [student]


@pytest.mark.parametrize("by", selectors.GAP_DIMENSIONS)
def test_gap_of_an_empty_database_is_empty(db, by):
    assert selectors.talent_gap(actor=None, by=by) == []
