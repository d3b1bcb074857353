"""The annual report's charts, drawn on the server (matplotlib) as PNG so that the same images go
into the .docx, the PDF and the HTML page: members by kind, events by month, and the trend of
a few indicators over five years. Chinese labels use Noto Sans CJK where it is installed
(``make browser`` installs Debian's fonts-noto-cjk)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

#: Where Debian's fonts-noto-cjk puts the font.
CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"),
)
COLOURS = ("#1849a9", "#2e90fa", "#12b76a", "#f79009", "#7a5af8", "#ee46bc", "#667085")


@cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for path in CJK_FONTS:
        if path.exists():
            font_manager.fontManager.addfont(str(path))
            name = font_manager.FontProperties(fname=str(path)).get_name()
            plt.rcParams["font.family"] = [name, "DejaVu Sans"]
            break
    plt.rcParams.update(
        {
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#98a2b3",
            "font.size": 9,
            "figure.dpi": 110,
        }
    )
    return plt


def _png(fig) -> bytes:
    plt = _pyplot()
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def members_by_kind(composition: list[tuple[str, int]]) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 0.35 * max(len(composition), 3) + 0.8))
    labels = [label for label, _n in composition][::-1]
    counts = [n for _label, n in composition][::-1]
    bars = ax.barh(labels, counts, color=COLOURS[0])
    ax.bar_label(bars, padding=3)
    ax.set_title(_("成员单位构成（年末）"))
    ax.xaxis.set_visible(False)
    return _png(fig)


def events_by_month(counts: list[int]) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 2.4))
    months = [_("%(month)d月") % {"month": m} for m in range(1, 13)]
    ax.bar(months, counts, color=COLOURS[1])
    ax.set_title(_("各月活动"))
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def trend(years: list[int], series: dict[str, tuple[str, list]]) -> bytes:
    """``series``: code -> (label, values by year)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 2.6))
    for colour, (label, values) in zip(COLOURS, series.values(), strict=False):
        ax.plot(years, [float(v) for v in values], marker="o", color=colour, label=label)
    ax.set_xticks(years)
    ax.set_title(_("主要指标近五年"))
    ax.legend(frameon=False, fontsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def report_charts(report) -> dict[str, bytes]:
    """The charts of an :class:`~chanjiao.reports.annual.AnnualReport`, by name: members,
    events by month (none in a year without events: the report says so in words) and trend."""
    names = {f.indicator.code: f.indicator.label for f in report.figures}
    charts = {
        "members": members_by_kind(report.composition or [(_("无"), 0)]),
        "trend": trend(
            report.trend_years,
            {code: (names.get(code, code), values) for code, values in report.trend.items()},
        ),
    }
    if any(report.events_by_month):
        charts["events"] = events_by_month(report.events_by_month)
    return charts
