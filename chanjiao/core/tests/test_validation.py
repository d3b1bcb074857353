"""Validation at the edge (the API's input schemas) and in the model (name fields).

Bad input is refused with a 422 that names the field, in the one error shape, whatever door it
comes through: the API, a form, a service call.
"""

import json

import pytest
from django.core.exceptions import ValidationError

from chanjiao.core.testing import JSON, api_write, assert_error, bearer, make_token
from chanjiao.registry import services as registry_services
from chanjiao.registry.forms import OrganizationForm
from chanjiao.registry.models import Body, Organization
from chanjiao.registry.tests.factories import MembershipFactory

BAD_NAMES = {
    "control character": "成都\x07工贸",
    "escape": "\x1b[31m红色\x1b[0m",
    "zero-width space": "成都\u200b工贸",
    "zero-width joiner": "成都\u200d工贸",
    "left-to-right mark": "\u200e成都工贸",
    "word joiner": "成都\u2060工贸",
    "byte order mark": "\ufeff成都工贸",
    "right-to-left override": "\u202e成都工贸",
    "bidi isolate": "成都\u2066工贸\u2069",
    "whitespace only": " \t\u3000 ",
    "zero-width only": "\u200b\u200b",
    "empty": "",
}


# --- the rule ----------------------------------------------------------------------------


def test_names_are_normalised_nfkc_trimmed_and_single_spaced():
    from chanjiao.core.validators import normalize_name

    assert normalize_name("  成都　工贸\t\n学院  ") == "成都 工贸 学院"
    assert normalize_name("ＡＢＣ１２３") == "ABC123"


def test_chinese_names_keep_full_width_punctuation_and_brackets():
    from chanjiao.core.validators import normalize_name

    assert normalize_name("四川省教育厅（机关）") == "四川省教育厅（机关）"
    assert normalize_name("四川省教育厅(机关)") == "四川省教育厅（机关）"
    assert normalize_name("ＡＢＣ（成都）１２３") == "ABC（成都）123"
    assert normalize_name("ABC （Chengdu） Ltd") == "ABC (Chengdu) Ltd"
    assert normalize_name("合成岗位：焊工，电工") == "合成岗位：焊工，电工"
    assert normalize_name("X ") == normalize_name("X") == "X"


@pytest.mark.parametrize("value", [v for v in BAD_NAMES.values() if v.strip(" \t\u3000")])
def test_control_and_invisible_characters_are_named_problems(value):
    from chanjiao.core.validators import name_problem, normalize_name

    assert name_problem(normalize_name(value))


def test_ordinary_names_have_no_problem():
    from chanjiao.core.validators import name_problem, normalize_name

    for name in ["成都工贸职业技术学院", "O'Brien & Co. (Chengdu)", "约翰·史密斯", "𠀀字"]:
        assert name_problem(normalize_name(name)) is None


def test_name_fields_need_no_migration():
    from chanjiao.core.fields import AliasesField, NameField

    # Normalising is behaviour, not schema: the fields deconstruct as Django's own.
    assert NameField(max_length=5).deconstruct()[1] == "django.db.models.CharField"
    assert AliasesField().deconstruct()[1] == "django.db.models.TextField"


# --- through the service (also what the CLI, the import and the ingest call) -------------


@pytest.mark.parametrize("label", list(BAD_NAMES))
def test_service_refuses_a_bad_name_naming_the_field(admin_user, label):
    with pytest.raises(ValidationError) as caught:
        registry_services.organization_create(actor=admin_user, name=BAD_NAMES[label])
    assert "name" in caught.value.message_dict
    assert "名称" in caught.value.message_dict["name"][0]
    assert not Organization.objects.exists()


def test_service_stores_the_normalised_name_and_aliases(admin_user):
    org = registry_services.organization_create(
        actor=admin_user,
        name="  成都工贸\u3000职业技术学院 ",
        short_name="  ",
        aliases=" 工贸 \n\n工贸\n 成都  工贸 ",
    )
    org.refresh_from_db()
    assert org.name == "成都工贸 职业技术学院"
    assert org.short_name == ""
    assert org.alias_list == ["工贸", "成都 工贸"]


def test_a_trailing_space_does_not_make_a_second_unit(admin_user):
    registry_services.organization_create(actor=admin_user, name="成都工贸职业技术学院")
    for twin in ["成都工贸职业技术学院 ", " 成都工贸职业技术学院", "成都工贸职业技术学院\u3000"]:
        with pytest.raises(ValidationError) as caught:
            registry_services.organization_create(actor=admin_user, name=twin)
        assert "name" in caught.value.message_dict
    assert Organization.objects.count() == 1


def test_brackets_of_either_width_make_one_name(admin_user):
    registry_services.organization_create(actor=admin_user, name="四川省教育厅（机关）")
    with pytest.raises(ValidationError) as caught:
        registry_services.organization_create(actor=admin_user, name="四川省教育厅(机关)")
    assert "name" in caught.value.message_dict


def test_an_alias_with_an_invisible_character_is_refused(admin_user):
    with pytest.raises(ValidationError) as caught:
        registry_services.organization_create(actor=admin_user, name="甲", aliases="乙\n丙\u200b")
    assert "aliases" in caught.value.message_dict


def test_updating_to_a_bad_name_is_refused_and_changes_nothing(admin_user, member_org):
    with pytest.raises(ValidationError):
        registry_services.organization_update(
            actor=admin_user, organization=member_org, data={"name": "工贸\x00"}
        )
    member_org.refresh_from_db()
    assert member_org.name == "成都工贸职业技术学院"


# --- through a form -----------------------------------------------------------------------


def test_form_refuses_a_bad_name_on_the_name_field(db):
    for label in ["zero-width space", "control character", "whitespace only"]:
        form = OrganizationForm(data={"name": BAD_NAMES[label], "kind": "other"})
        assert not form.is_valid(), label
        assert "name" in form.errors, (label, form.errors)


def test_form_refuses_a_name_that_differs_only_by_spacing(member_org):
    form = OrganizationForm(data={"name": "成都工贸职业技术学院\u3000", "kind": "other"})
    assert not form.is_valid()
    assert "name" in form.errors


def test_organisation_page_shows_the_field_error(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/organizations/new/", {"name": "成都\u200b工贸", "kind": "other"})
    assert response.status_code == 200
    assert "U+200B" in response.content.decode()
    assert not Organization.objects.exists()


# --- through the API ----------------------------------------------------------------------


@pytest.mark.parametrize("label", list(BAD_NAMES))
def test_api_refuses_a_bad_name_with_422_naming_the_field(client, admin_token, label):
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": BAD_NAMES[label]}, admin_token
    )
    assert_error(response, 422, "name")
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("path", "field", "extra"),
    [
        ("/api/v1/bodies", "name", {"kind": "other"}),
        ("/api/v1/people", "name", {}),
        ("/api/v1/agreements", "title", {}),
        ("/api/v1/carriers", "name", {}),
    ],
)
def test_every_name_like_field_is_checked(client, admin_token, body, path, field, extra):
    payload = {field: "名称\u200b", **extra}
    if path == "/api/v1/bodies":
        payload["name"] = "新\u202e集团"
    assert_error(api_write(client, "post", path, payload, admin_token), 422, field)


def test_api_body_name_with_trailing_space_is_a_duplicate(client, admin_token, body):
    response = api_write(
        client, "post", "/api/v1/bodies", {"name": f"{body.name} ", "kind": "other"}, admin_token
    )
    assert_error(response, 422, "name")
    assert Body.objects.filter(name__startswith=body.name).count() == 1


def test_api_stores_the_normalised_name(client, admin_token):
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": " 甲\u3000乙  丙 "}, admin_token
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "甲 乙 丙"


# --- numbers, booleans, unknown keys, ids --------------------------------------------------


def _raw(client, method, path, text, token):
    return getattr(client, method)(path, text, content_type=JSON, headers=bearer(token))


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "-1", "1e400"])
def test_match_weights_must_be_finite_and_not_negative(client, admin_token, body, value):
    from chanjiao.talent.models import MatchRun

    text = f'{{"body": {body.pk}, "weights": {{"major_fit": {value}}}}}'
    assert_error(
        _raw(client, "post", "/api/v1/match-runs", text, admin_token), 422, "weights.major_fit"
    )
    assert not MatchRun.objects.exists()


def test_min_score_must_be_finite(client, admin_token, body):
    text = f'{{"body": {body.pk}, "parameters": {{"min_score": NaN}}}}'
    assert_error(
        _raw(client, "post", "/api/v1/match-runs", text, admin_token), 422, "parameters.min_score"
    )


def test_a_boolean_is_not_a_headcount(client, admin_token, body, member_org):
    from chanjiao.talent.tests.factories import MajorFactory

    major = MajorFactory()
    payload = {
        "school": member_org.pk,
        "major": major.pk,
        "intake_year": 2023,
        "graduation_year": 2026,
        "headcount": True,
    }
    assert_error(
        api_write(client, "post", "/api/v1/cohorts", payload, admin_token), 422, "headcount"
    )
    for bad in ["40", 40.5, -1]:
        payload["headcount"] = bad
        assert_error(
            api_write(client, "post", "/api/v1/cohorts", payload, admin_token), 422, "headcount"
        )
    payload["headcount"] = 40
    assert api_write(client, "post", "/api/v1/cohorts", payload, admin_token).status_code == 201


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None])
def test_a_boolean_must_be_true_or_false(client, admin_token, body, value):
    payload = {"name": "新集团", "kind": "other", "is_published": value}
    assert_error(
        api_write(client, "post", "/api/v1/bodies", payload, admin_token), 422, "is_published"
    )
    response = api_write(
        client, "patch", f"/api/v1/bodies/{body.pk}", {"is_published": value}, admin_token
    )
    assert_error(response, 422, "is_published")
    body.refresh_from_db()
    assert body.is_published is True


def test_unknown_keys_are_refused_naming_them(client, admin_token, member_org):
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": "新单位", "nmae": "x"}, admin_token
    )
    assert_error(response, 422, "nmae")
    assert not Organization.objects.filter(name="新单位").exists()
    response = api_write(
        client,
        "patch",
        f"/api/v1/organizations/{member_org.pk}",
        {"shortname": "工贸"},
        admin_token,
    )
    assert_error(response, 422, "shortname")
    text = '{"body": 1, "weights": {"major_fit": 1, "colour": 2}}'
    assert_error(
        _raw(client, "post", "/api/v1/match-runs", text, admin_token), 422, "weights.colour"
    )


def test_a_body_that_is_not_an_object_is_refused(client, admin_token):
    for text in ["[null, null]", '"name"', "3", "[]"]:
        response = _raw(client, "post", "/api/v1/organizations", text, admin_token)
        assert_error(response, 422)
    assert not Organization.objects.exists()


def test_dates_are_still_read_from_json_strings(client, admin_token, body):
    response = api_write(
        client,
        "post",
        "/api/v1/events",
        {"name": "年会", "bodies": [body.pk], "starts_on": "2024-05-01", "attendance": 200},
        admin_token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_on"] == "2024-05-01"
    assert_error(
        api_write(
            client,
            "post",
            "/api/v1/events",
            {"name": "年会", "bodies": [body.pk], "attendance": True},
            admin_token,
        ),
        422,
        "attendance",
    )


# --- accepting match proposals --------------------------------------------------------------


@pytest.fixture
def pending_run(body, secretariat_user, member_org):
    from chanjiao.talent.tests.factories import CohortFactory, PostingFactory, StudentFactory
    from chanjiao.talent.tests.helpers import finished_run

    MembershipFactory(body=body, organization=member_org)
    cohort = CohortFactory(school=member_org, body=body)
    posting = PostingFactory(body=body, major=cohort.major, headcount=5)
    students = [StudentFactory(cohort=cohort) for _ in range(3)]
    return finished_run(body, [(s, posting) for s in students], user=secretariat_user)


@pytest.mark.parametrize(
    "text",
    [
        "[null, null]",
        "[]",
        "null",
        '{"proposals": [null, null]}',
        '{"proposals": [null]}',
        '{"proposals": ["1"]}',
        '{"proposals": [true]}',
        '{"proposals": {}}',
        '{"all": true}',
    ],
)
def test_accept_with_bad_ids_accepts_nothing(client, secretariat_user, pending_run, text):
    from chanjiao.talent.models import MatchProposal, Placement

    token = make_token(secretariat_user)
    response = _raw(client, "post", f"/api/v1/match-runs/{pending_run.pk}/accept", text, token)
    assert response.status_code in (400, 422), response.content
    assert_error(response, response.status_code)
    assert not Placement.objects.exists()
    assert not MatchProposal.objects.exclude(decision="proposed").exists()


def test_accept_with_null_ids_names_the_field(client, secretariat_user, pending_run):
    token = make_token(secretariat_user)
    response = _raw(
        client,
        "post",
        f"/api/v1/match-runs/{pending_run.pk}/accept",
        json.dumps({"proposals": [None, None]}),
        token,
    )
    body = assert_error(response, 422, "proposals")
    assert "第 1 项" in body["errors"]["proposals"][0]


def test_accept_the_given_proposals_only(client, secretariat_user, pending_run):
    from chanjiao.talent.models import Placement

    token = make_token(secretariat_user)
    first = pending_run.proposals.order_by("-score").first()
    response = api_write(
        client,
        "post",
        f"/api/v1/match-runs/{pending_run.pk}/accept",
        {"proposals": [first.pk]},
        token,
    )
    assert response.status_code == 201, response.content
    assert Placement.objects.count() == 1


# --- the OpenAPI document -------------------------------------------------------------------


def _models_of(annotation, found: set) -> None:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for info in annotation.model_fields.values():
            _models_of(info.annotation, found)
        return
    for arg in get_args(annotation):
        _models_of(arg, found)


def _operations():
    from config.api import api

    routers = [router for _prefix, router in api._routers]
    for router in routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                yield path, operation


def _api_models() -> tuple[set, set]:
    """The schema classes the API documents: (all of them, those read from request bodies)."""
    found: set = set()
    bodies: set = set()
    for _path, operation in _operations():
        for model in operation.response_models.values():
            _models_of(model, found)
        for params in operation.models:
            if params.__ninja_param_source__ == "body":
                for info in params.model_fields.values():
                    _models_of(info.annotation, bodies)
    found |= bodies
    return found, bodies


def test_no_two_schema_classes_share_a_name(db):
    from ninja.params.models import ParamModel

    found, _bodies = _api_models()
    by_name: dict[str, set] = {}
    for model in found:
        if issubclass(model, ParamModel) or model.__module__.startswith("ninja."):
            continue
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: classes for name, classes in by_name.items() if len(classes) > 1}
    assert not clashes, clashes


def test_match_run_proposals_reference_the_match_proposal_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/match-runs/{id}/proposals"]["get"]["responses"]["200"]
    page_ref = ok["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    items = schema["components"]["schemas"][page_ref]["properties"]["items"]["items"]["$ref"]
    proposal = schema["components"]["schemas"][items.split("/")[-1]]
    assert {"score", "explanation", "student", "posting"} <= set(proposal["properties"])
    article = schema["paths"]["/api/v1/articles/{id}/proposals/{proposal_id}"]["patch"]
    ref = article["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref != items
    assert "kind" in schema["components"]["schemas"][ref.split("/")[-1]]["properties"]


def test_every_request_body_schema_forbids_unknown_keys_and_is_strict(db):
    from chanjiao.core.schemas import InputSchema

    _found, bodies = _api_models()
    assert len(bodies) > 25
    loose = sorted(m.__name__ for m in bodies if not issubclass(m, InputSchema))
    assert not loose, f"request bodies not built on core.schemas.InputSchema: {loose}"


def test_openapi_documents_that_unknown_keys_are_refused(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ["OrganizationIn", "OrganizationPatch", "MatchRunIn", "WeightsIn", "ProposalsIn"]:
        assert schema[name].get("additionalProperties") is False, name


def test_a_boolean_query_parameter_is_true_or_false(client, body):
    assert client.get(f"/api/v1/bodies/{body.pk}/members", {"current": "false"}).status_code == 200
    assert client.get(f"/api/v1/bodies/{body.pk}/members", {"current": "true"}).status_code == 200
    for value in ["yes", "1", "on", ""]:
        response = client.get(f"/api/v1/bodies/{body.pk}/members", {"current": value})
        assert_error(response, 422, "current")


@pytest.mark.parametrize(
    "data", [{"name\x00": "x"}, {"name": ["ok", {"x": "a\x00b"}]}, {"name": "\ud800"}]
)
def test_free_form_json_with_unstorable_text_is_a_field_error(client, admin_token, data):
    from chanjiao.ingest.tests.helpers import ARTICLE

    article = api_write(client, "post", "/api/v1/articles", {"text": ARTICLE}, admin_token).json()
    proposal = article["proposals"][0]["id"]
    path = f"/api/v1/articles/{article['id']}/proposals/{proposal}"
    response = api_write(client, "patch", path, {"data": data}, admin_token)
    assert_error(response, 422, "data")
    response = api_write(
        client,
        "post",
        f"/api/v1/articles/{article['id']}/save",
        {"proposals": {str(proposal): {"data": data}}},
        admin_token,
    )
    assert_error(response, 422)


@pytest.mark.parametrize("form", [{}, {"name": "表单提交的单位"}])
def test_a_form_sent_where_json_is_read_answers_400_asking_for_json(client, admin_token, form):
    # The size-limit middleware parses a multipart body before the view, so the API could no
    # longer read it as JSON: this answered 500 before.
    from chanjiao.registry.models import Organization

    before = Organization.objects.count()
    response = client.post("/api/v1/organizations", form, headers=bearer(admin_token))
    assert response.status_code == 400, response.content
    assert "application/json" in assert_error(response, 400)["detail"]
    assert Organization.objects.count() == before
