"""Names people read in the admin: every app of the platform and every field of the accounts
models are named in Chinese (the msgid) and translated where they are shown."""

from __future__ import annotations

import re

from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

CHINESE = re.compile(r"[\u4e00-\u9fff]")

#: What each area is called in the product's navigation and glossary.
APP_NAMES = {
    "accounts": "账号与权限",
    "cooperation": "合作",
    "core": "平台",
    "events": "活动",
    "golds": "五金建设",
    "governance": "治理",
    "ingest": "新闻入库",
    "registry": "产教融合体与名录",
    "reports": "年度工作",
    "sharing": "共享资源",
    "talent": "人才供需",
}


def _platform_apps():
    return [c for c in apps.get_app_configs() if c.name.startswith("chanjiao.")]


def test_every_app_is_named_by_a_lazily_translated_chinese_name():
    configs = {c.label: c for c in _platform_apps()}
    assert set(configs) == set(APP_NAMES)
    for label, config in configs.items():
        assert isinstance(config.verbose_name, Promise), label  # translated when shown
        with translation.override("zh-hans"):
            assert str(config.verbose_name) == APP_NAMES[label]


def test_the_admin_index_names_the_apps_in_chinese(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index"), headers={"Accept-Language": "zh-hans"})
    text = page.content.decode()
    for name in ("产教融合体与名录", "账号与权限", "活动", "人才供需", "平台"):
        assert name in text, name
    for english in (">Registry<", ">Accounts<", ">Talent<", ">Core<"):
        assert english not in text, english


def _models_fields():
    for model in apps.get_app_config("accounts").get_models():
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if not field.primary_key:
                yield model, field


def test_every_accounts_model_and_field_has_a_chinese_name():
    with translation.override("zh-hans"):
        for model in apps.get_app_config("accounts").get_models():
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                assert CHINESE.search(str(name)), (model, name)
        for model, field in _models_fields():
            name = field.verbose_name
            # Django's default is the attribute's name ("key hash"): English on Chinese pages.
            assert name != field.name.replace("_", " "), (model, field.name)
            assert isinstance(name, Promise) and CHINESE.search(str(name)), (model, field.name)


def test_the_role_and_token_admin_lists_head_their_columns_in_chinese(
    client, admin_user, admin_token, secretariat_user
):
    client.force_login(admin_user)
    for model, headings in (("apitoken", ("账号", "前缀")), ("bodyrole", ("账号", "产教融合体"))):
        url = reverse(f"admin:accounts_{model}_changelist")
        text = client.get(url, headers={"Accept-Language": "zh-hans"}).content.decode()
        columns = re.findall(
            r'<th scope="col" class="[^"]*column-(\w+)[^"]*">.*?<a [^>]*>([^<]*)<', text, re.S
        )
        shown = dict(columns)
        assert all(h in shown.values() for h in headings), shown
        assert not {"User", "Body", "Prefix"} & set(shown.values()), shown
