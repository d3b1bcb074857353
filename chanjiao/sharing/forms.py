"""Forms of the sharing pages (validation only): a resource with its opening hours, a booking
request, a photo, a reason."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from chanjiao.core.forms import DateTimeInput, ModelForm
from chanjiao.registry.forms import OrganizationChoiceField
from chanjiao.registry.models import Organization

from .models import WEEKDAY_LABELS, Resource
from .schedule import WEEKDAY_KEYS, ScheduleError, normalise_closed_dates, normalise_hours

_INTERVAL = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})\s*$")
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _parse_day(text: str, weekday: int) -> list[dict]:
    """``"08:00-12:00, 14:00-17:30"`` → the day's intervals."""
    out = []
    for part in re.split(r"[,，、;；\s]+(?=\d)", text.strip()):
        if not part.strip():
            continue
        match = _INTERVAL.match(part)
        if not match:
            raise forms.ValidationError(
                _("“%(part)s”不是时段，请写成 08:00-12:00") % {"part": part.strip()}
            )
        out.append({"weekday": weekday, "opens": match.group(1), "closes": match.group(2)})
    return out


def _day_text(hours: list[dict], weekday: int) -> str:
    return ", ".join(f"{i['opens']}-{i['closes']}" for i in hours if i["weekday"] == weekday)


class ResourceForm(ModelForm):
    """A resource; its opening hours as one text field per weekday, its closed dates one per
    line. ``owners`` and ``bodies`` are the units and bodies the user may offer for and in."""

    closed_dates_text = forms.CharField(
        label=gettext_lazy("闭馆日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2025-10-01"}),
        help_text=gettext_lazy("每行一个日期（年-月-日）"),
    )

    class Meta:
        model = Resource
        fields = [
            "name",
            "kind",
            "owner",
            "body",
            "description",
            "location",
            "capacity_mode",
            "capacity",
            "approval_required",
            "audience",
            "is_active",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"owner": OrganizationChoiceField}
        help_texts = {
            "contact_name": gettext_lazy("只有提供单位和秘书处可以看到联系人信息"),
        }

    def __init__(self, *args, owners, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["body"].queryset = bodies
        hours = list(self.instance.opening_hours or []) if self.instance.pk else []
        for weekday, (key, label) in enumerate(zip(WEEKDAY_KEYS, WEEKDAY_LABELS, strict=True), 1):
            self.fields[f"hours_{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                initial=_day_text(hours, weekday),
                help_text=_("开放时段，如 08:00-12:00, 14:00-17:30；不开放则留空")
                if weekday == 1
                else "",
            )
        if self.instance.pk:
            self.fields["closed_dates_text"].initial = "\n".join(self.instance.closed_dates)
        # The opening hours after the capacity, the closed dates after them.
        order = [f for f in self.fields if not f.startswith("hours_") and f != "closed_dates_text"]
        at = order.index("capacity") + 1
        hours_fields = [f"hours_{key}" for key in WEEKDAY_KEYS]
        self.order_fields(order[:at] + hours_fields + ["closed_dates_text"] + order[at:])

    def clean(self):
        data = super().clean()
        intervals = []
        for weekday, key in enumerate(WEEKDAY_KEYS, 1):
            text = data.pop(f"hours_{key}", "") or ""
            try:
                intervals += _parse_day(text, weekday)
            except forms.ValidationError as exc:
                self.add_error(f"hours_{key}", exc)
        try:
            data["opening_hours"] = normalise_hours(intervals)
        except ScheduleError as exc:
            self.add_error(None, _("开放时间有误：%(e)s") % {"e": exc})
        lines = [line for line in (data.pop("closed_dates_text", "") or "").split() if line]
        try:
            data["closed_dates"] = normalise_closed_dates(lines)
        except ScheduleError:
            self.add_error(
                "closed_dates_text", _("请每行写一个日期，格式为 年-月-日，如 2025-10-01")
            )
        return data


class BookingForm(forms.Form):
    """A booking request: when, how many, what for, and — for a contact of several units —
    which unit."""

    starts_at = forms.DateTimeField(
        label=gettext_lazy("开始时间"),
        widget=DateTimeInput,
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("结束时间"),
        widget=DateTimeInput,
        help_text=gettext_lazy("结束时间不计入：17:00 结束与 17:00 开始的预约不冲突"),
    )
    quantity = forms.IntegerField(label=gettext_lazy("数量"), min_value=1, initial=1)
    purpose = forms.CharField(label=gettext_lazy("用途"), max_length=300)
    organization = OrganizationChoiceField(
        label=gettext_lazy("预约单位"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, resource: Resource, units, **kwargs):
        super().__init__(*args, **kwargs)
        if resource.exclusive:
            del self.fields["quantity"]
        else:
            self.fields["quantity"].max_value = resource.capacity
            self.fields["quantity"].widget.attrs["max"] = resource.capacity
            self.fields["quantity"].help_text = ngettext(
                "共 %(n)d 个名额", "共 %(n)d 个名额", resource.capacity
            ) % {"n": resource.capacity}
        if units is None or units.count() <= 1:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = units
            self.fields["organization"].required = True

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("quantity", 1)
        if "organization" not in self.fields:
            data.pop("organization", None)
        return data


def proposed_times(value: str | None) -> dict:
    """A booking form's initial times from ``?start=2025-06-18T09:00`` (two hours long)."""
    try:
        start = datetime.datetime.fromisoformat(value or "")
        return {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2)}
    except (ValueError, OverflowError):  # not a time, or two hours after it is past year 9999
        return {}


class PhotoForm(forms.Form):
    image = forms.ImageField(label=gettext_lazy("照片"))
    caption = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("照片不能超过 5 MB"))
        suffix = image.name.rsplit(".", 1)[-1].lower() if "." in image.name else ""
        if suffix not in ("jpg", "jpeg", "png", "webp", "gif"):
            raise forms.ValidationError(_("请上传 JPEG、PNG、WebP 或 GIF 图片"))
        return image


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("说明"), max_length=500, required=False)
