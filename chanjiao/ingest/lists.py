"""The ingest review queue (新闻入库) as a list declaration: columns, sort keys, export
values (:mod:`chanjiao.core.listing`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec

from .models import Article

#: The review queue's filters: the API's query and the page's status tabs and search box.
ARTICLE_FILTERS = FilterSet(
    "ArticleFilters",
    Filter("status", "choice", _("状态"), choices=Article.Status),
    search="Words in the title, address or file name.",
)

ARTICLES = ListSpec(
    name="articles",
    title=pgettext_lazy("list", "新闻稿"),
    default_sort="-created_at",
    columns=(
        Column("title", _("新闻稿"), lambda a: str(a), sort="title"),
        Column("input", _("来源方式"), "get_input_display", sort=True),
        Column("source", _("来源链接"), lambda a: a.source_url or a.original_name),
        Column("published", _("发布日期"), sort=True),
        Column("status", _("状态"), "get_status_display", sort=True),
        Column("created_at", _("入库时间"), sort=True),
        Column("body", _("产教融合体"), lambda a: a.body.name if a.body_id else ""),
    ),
)
