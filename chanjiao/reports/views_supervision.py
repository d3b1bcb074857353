"""The supervisor's page (主管部门): the bodies in its scope side by side for a year, ranked by
any indicator, exportable to .xlsx."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from chanjiao.accounts.permissions import require
from chanjiao.core.listing import wants_export, xlsx_response
from chanjiao.core.validators import validate_region_code
from chanjiao.core.xlsx import table_xlsx

from .indicators import year_error
from .models import Indicator
from .supervision import DEFAULT_ORDER, may_supervise, ranked_column, table


def last_year() -> int:
    return timezone.localdate().year - 1


class SupervisionForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False)
    region = forms.CharField(
        label=gettext_lazy("行政区划代码"),
        required=False,
        max_length=6,
        validators=[validate_region_code],
        help_text=gettext_lazy("如 510100（含下辖区县）"),
    )
    order = forms.ChoiceField(label=gettext_lazy("排名指标"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [
            (i.code, i.label) for i in Indicator.objects.filter(is_active=True)
        ]

    def clean_year(self):
        year = self.cleaned_data.get("year")
        error = None if year is None else year_error(year)
        if error is not None:
            raise forms.ValidationError(error)
        return year

    def query(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("year") or last_year(),
            "region": data.get("region") or "",
            "order": data.get("order") or DEFAULT_ORDER,
        }


def headers(indicator, synthetic: bool = False) -> list[str]:
    """The export's header row; a last column 合成数据 when a value counts synthetic records."""
    own = (
        []
        if ranked_column(indicator)
        else [
            _("%(name)s（%(detail)s）")
            % {"name": indicator.label, "detail": indicator.get_unit_display()}
        ]
    )
    return [
        _("排名"),
        _("产教融合体"),
        _("行政区划代码"),
        _("成员单位"),
        _("一季度活动"),
        _("二季度活动"),
        _("三季度活动"),
        _("四季度活动"),
        _("签订协议"),
        _("新建载体"),
        _("已提交填报表"),
        pgettext("list", "填报表"),
        _("规划指标目标达成或按进度"),
        _("规划指标目标"),
        *own,
        *([_("合成数据")] if synthetic else []),
    ]


def cells(row, indicator, synthetic: bool = False) -> list:
    return [
        row.rank,
        row.body.name,
        row.body.region_code,
        row.members,
        *row.quarters,
        row.agreements,
        row.carriers,
        row.forms_submitted,
        row.forms_total,
        row.targets_met,
        row.targets_total,
        *([] if ranked_column(indicator) else [row.value]),
        *([_("是") if row.is_synthetic else ""] if synthetic else []),
    ]


@login_required
def supervision(request):
    require(may_supervise(request.user), _("只有主管部门或平台管理员可以查看"))
    form = SupervisionForm(request.GET or None)
    query = form.query()
    rows, indicator = table(
        request.user, query["year"], region=query["region"], order=query["order"]
    )
    if wants_export(request):
        synthetic = any(r.is_synthetic for r in rows)
        return xlsx_response(
            table_xlsx(
                title=str(query["year"]),
                headers=headers(indicator, synthetic),
                rows=(cells(r, indicator, synthetic) for r in rows),
            ),
            filename=_("产教融合体对比-%(year)s.xlsx") % {"year": query["year"]},
            fallback=f"bodies-{query['year']}.xlsx",
        )
    context = {
        "title": _("主管部门视图"),
        "form": form,
        "rows": rows,
        "indicator": indicator,
        "ranked_by": ranked_column(indicator),
        "query": query,
    }
    return render(request, "reports/supervision.html", context)
