"""Forms of the accounts app (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"),
        max_length=100,
        help_text=_("用于区分不同用途，例如“数据同步脚本”"),
    )
