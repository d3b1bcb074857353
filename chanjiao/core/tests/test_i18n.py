"""The interface languages: Chinese by default, and a complete English catalogue to switch to."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr/msgstr[n] and flags.

    Just enough of the format for the catalogue makemessages writes (no obsolete entries).
    """
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, quoted = line.partition(" ")
            entry[key] = ast.literal_eval(quoted)
    return [e for e in entries if e.get("msgid")]


def test_english_switch_translates_navigation_and_body_page(client, body):
    MembershipFactory(
        body=body, role="chair", organization=OrganizationFactory(name="成都工贸职业技术学院")
    )
    MembershipFactory(body=body, role="member")

    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("registry:body_detail", args=[body.pk])},
    )
    assert response.status_code == 302
    html = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()

    assert '<html lang="en">' in html
    for label in ("Bodies", "Organisations", "Events", "Member units", "Chair unit", "Details"):
        assert label in html
    assert "成都工贸职业技术学院" in html  # data stays as entered
    for chrome in ("产教融合体", "理事长单位", "成员单位", "基本信息"):
        assert chrome not in html


def test_every_message_has_an_english_translation():
    entries = _po_entries(LC_MESSAGES / "django.po")
    with open(LC_MESSAGES / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog

    assert len(entries) > 500
    for e in entries:
        assert "fuzzy" not in e["flags"], e["msgid"]
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            forms = [e["msgstr[0]"], e["msgstr[1]"]]
            assert all(forms), f"no English for {e['msgid']!r}"
            assert [compiled.get((msgid, n)) for n in (0, 1)] == forms, f"stale .mo: {msgid!r}"
        else:
            assert e["msgstr"], f"no English for {e['msgid']!r}"
            assert compiled.get(msgid) == e["msgstr"], f"stale .mo: {msgid!r}"


ZH_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"


def test_django_form_errors_read_as_plain_chinese():
    """Django's own Chinese for a form's errors read like a developer's, with half-width
    marks: 确保该变量包含不超过 3 字符 (目前字符数 6)。, 这个字段是必填项。. The product's
    catalogue words them as a person filling a form expects, and its .mo is compiled."""
    from django import forms
    from django.utils import translation

    class Sample(forms.Form):
        name = forms.CharField(max_length=3)
        count = forms.IntegerField(max_value=5)
        email = forms.EmailField(required=False)

    with translation.override("zh-hans"):
        filled = Sample({"name": "甲乙丙丁戊己", "count": "9", "email": "x"})
        assert filled.errors == {
            "name": ["最多 3 个字符（现有 6 个）。"],
            "count": ["不能大于 5。"],
            "email": ["请填写有效的电子邮箱地址。"],
        }
        assert Sample({}).errors["name"] == ["此项必填。"]
    with open(ZH_MESSAGES / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    for e in _po_entries(ZH_MESSAGES / "django.po"):
        wanted = e.get("msgstr") or e.get("msgstr[0]")
        key = (e["msgid"], 0) if "msgid_plural" in e else e["msgid"]
        assert compiled.get(key) == wanted, f"stale .mo: {e['msgid']!r}"
        assert not HALF_WIDTH_IN_CHINESE.search(wanted), wanted


#: A half-width comma, semicolon, colon or bracket touching a Chinese character, or one space
#: away from it (导出活动 (Excel), %(name)s: 文件超过).
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff] ?[,;:()]|[,;:()] ?[\u4e00-\u9fff]")


def test_chinese_messages_use_chinese_punctuation():
    """A Chinese message punctuates the Chinese way (，；：（）); the ingest pages wrote
    "每行一个;多个网址" and "已入库:所有记录都已存在,没有新建"."""
    assert HALF_WIDTH_IN_CHINESE.search("同名,单位未确认")
    assert HALF_WIDTH_IN_CHINESE.search("导出活动 (Excel)")
    assert not HALF_WIDTH_IN_CHINESE.search("保存的网页（.html）或文本（.txt），可多选")
    found = [
        e["msgid"]
        for e in _po_entries(LC_MESSAGES / "django.po")
        if HALF_WIDTH_IN_CHINESE.search(e["msgid"])
    ]
    assert not found, "\n".join(found)


def test_chinese_is_the_default_language(client, body):
    MembershipFactory(body=body, role="chair")

    html = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert '<html lang="zh-hans">' in html
    assert "理事长单位" in html
    assert "Chair unit" not in html


CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# A Chinese phrase and its English beside it in one string, either order: "找不到文件 / no such file".
# Or an English gloss after it: "导入任务 import job".
BILINGUAL = re.compile(
    rf"[{CJK}][^/\n]*\s*/\s+[“\"(]?[A-Za-z]|[A-Za-z][^/\n]*\s+/\s*[{CJK}]"
    rf"|[{CJK}]\s+[a-z]+(?:[ -][a-z]+)+$"
)
SHIPPED = Path(settings.BASE_DIR) / "chanjiao"


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (written for developers, not shown)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _shipped_files(suffix: str):
    for path in sorted(SHIPPED.rglob(f"*{suffix}")):
        parts = set(path.relative_to(SHIPPED).parts)
        if parts & {"tests", "migrations", "locale"} or path.name.startswith("test_"):
            continue
        yield path


def bilingual_literals() -> list[str]:
    """Every string in shipped code and templates that writes Chinese and English side by side."""
    found = []
    for path in _shipped_files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(node, ast.JoinedStr):  # an f-string: its text, with x for each value
                text = "".join(
                    part.value if isinstance(part, ast.Constant) else "x" for part in node.values
                )
            if isinstance(text, str) and id(node) not in skip and BILINGUAL.search(text):
                found.append(f"{path.relative_to(SHIPPED)}:{node.lineno}: {text[:60]!r}")
    for path in _shipped_files(".html"):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BILINGUAL.search(line):
                found.append(f"{path.relative_to(SHIPPED)}:{lineno}: {line.strip()[:60]!r}")
    return found


def test_bilingual_pattern_finds_both_orders_and_spares_one_language():
    assert BILINGUAL.search("找不到文件 / no such file")
    assert BILINGUAL.search("errors / 错误")
    assert BILINGUAL.search("（次数过多或循环）/ the redirect could not be followed")
    assert BILINGUAL.search("导入任务 import job")
    assert BILINGUAL.search("“x”不能删除 / “x” cannot be deleted")
    assert not BILINGUAL.search("用 Excel 填写")
    assert not BILINGUAL.search("请上传 Excel 工作簿（.xlsx）")
    assert not BILINGUAL.search("2024 / 2025 学年")
    assert not BILINGUAL.search("no such file: a/b.xlsx")


def test_no_user_facing_string_writes_both_languages():
    """A message is written once, in Chinese; its English lives in the catalogue."""
    found = bilingual_literals()
    assert not found, f"{len(found)} strings mix Chinese and English:\n" + "\n".join(found)


#: What a template may hold in Chinese outside a translation: the product's name.
UNTRANSLATED_ALLOWED = {"产教"}
#: What a template says through the catalogue, or does not show: translate tags and their
#: blocks, ``_("…")`` arguments, comments.
_TRANSLATED_OR_HIDDEN = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->"
    r"|\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\{%-?\s*trans(?:late)?\b.*?%\}|_\((?:\"[^\"]*\"|'[^']*')\)",
    re.S,
)


def untranslated_template_text(source: str) -> list[str]:
    """Chinese a template writes outside the catalogue (an English reader would see it)."""
    shown = _TRANSLATED_OR_HIDDEN.sub(" ", source)
    return [t for t in re.findall(rf"[{CJK}]+", shown) if t not in UNTRANSLATED_ALLOWED]


def test_untranslated_template_text_is_found_and_translations_are_spared():
    source = (
        '{% translate "名称" %} {{ x|default:_("无") }} {# 注释 #} 、{{ a }}（{{ b }}）'
        "{% blocktranslate %}共 {{ n }} 个{% endblocktranslate %} 产教"
    )
    assert untranslated_template_text(source) == ["、", "（", "）"]


def test_no_template_shows_chinese_outside_the_catalogue():
    """Punctuation between data too: 甲、乙（会长） reads "A, B (president)" in English."""
    found = [
        f"{path.relative_to(SHIPPED)}: {text}"
        for path in _shipped_files(".html")
        for text in untranslated_template_text(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_lists_and_messages_are_joined_the_readers_way():
    from django.utils import translation

    from chanjiao.core.words import listed, sentences

    assert listed(["甲", "乙"]) == "甲、乙" and sentences(["一", "二"]) == "一；二"
    with translation.override("en"):
        assert listed(["A", "B"]) == "A, B" and sentences(["one", "two"]) == "one; two"


_MESSAGE_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
#: A printf placeholder: %s, %(name)s, %(total).2f, %r …
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]?\d*(?:\.\d+)?[sdifrx]")


def messages_formatted_without_placeholders(source: str) -> list[tuple[int, str]]:
    """``_("…") % value`` where the message names nothing to fill in: Python fills in nothing
    from a list or a dict and fails on anything else, so what the reader needs is lost."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)):
            continue
        call = node.left
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in _MESSAGE_CALLS
            and call.args
            and isinstance(call.args[-1], ast.Constant)
        ):
            continue
        if not _PLACEHOLDER.search(call.args[-1].value):
            found.append((node.lineno, call.args[-1].value))
    return found


def test_a_message_check_finds_a_format_with_nothing_to_fill():
    assert messages_formatted_without_placeholders('_("未知参数") % unknown')
    assert not messages_formatted_without_placeholders('_("未知参数：%(names)s") % {"names": x}')
    assert not messages_formatted_without_placeholders('_("用时：%(s).4f 秒") % {"s": 1}')


def test_every_formatted_message_names_what_it_fills_in():
    """The unknown parameters and posting kinds of a match run, the error of a failed run and
    an article's bad kind or roles were formatted into messages that had lost their
    placeholders: the reader was told 未知参数 but not which, and a failed run's error
    raised instead of being recorded."""
    found = [
        f"{path.relative_to(SHIPPED)}:{line}: {text!r}"
        for path in _shipped_files(".py")
        for line, text in messages_formatted_without_placeholders(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def messages_joined_by_hand(source: str) -> list[int]:
    """``"; ".join(exc.messages)`` and the like: a separator the reader's language may not use."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and node.args
        and _messages_of(node.args[0])
    ]


def _messages_of(node: ast.AST) -> bool:
    """``exc.messages`` or ``getattr(exc, "messages", …)``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "messages"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value == "messages"
    )


def test_messages_are_joined_as_sentences_of_the_readers_language():
    """A refusal's several messages read 一；二 in Chinese and "one; two" in English
    (:func:`chanjiao.core.words.sentences`): the golds, news and registration pages wrote "一 二", an
    article's refused write "一; 二"."""
    assert messages_joined_by_hand('messages.error(request, " ".join(exc.messages))')
    assert messages_joined_by_hand('" ".join(getattr(exc, "messages", [str(exc)]))')
    assert not messages_joined_by_hand("messages.error(request, sentences(exc.messages))")
    found = [
        f"{path.relative_to(SHIPPED)}:{line}"
        for path in _shipped_files(".py")
        for line in messages_joined_by_hand(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_english_names_one_record_in_the_singular_a_list_in_the_plural_and_a_measure_as_unit(
    client, admin_user, body
):
    """One Chinese word served three English ones: 单位 read "Organisations" as a form's label
    for one unit and as the unit column of an indicator table (个, 人); 活动 read "Events"
    above a single event. A list's name now has the context "list", a measure "measure"."""
    from django.utils import timezone

    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    listing = client.get(reverse("registry:organization_list")).content.decode()
    assert '<h1 class="cj-page-title">Organisations</h1>' in listing
    form = client.get(reverse("accounts:body_users", args=[body.pk])).content.decode()
    assert ">Organisation<" in form and ">Organisations<" not in form.split("<main", 1)[1]
    year = timezone.localdate().year - 1
    report = client.get(reverse("annual_report", args=[body.pk, year])).content.decode()
    assert "<th>Unit</th>" in report and "<th>Organisations</th>" not in report
