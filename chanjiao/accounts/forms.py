"""Forms of the accounts app (validation only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.widgets import PickedChoice, SearchSelect


class _UnitChoiceField(PickedChoice, forms.ModelChoiceField):
    """A member unit, picked by searching (a national body has thousands). Accounts sits below
    the registry, so the look-up is named by URL and the server's search reads names only."""

    def __init__(self, **kwargs):
        widget = SearchSelect(
            lookup="registry:organization_lookup", hint=_("输入单位名称、简称、别名或信用代码查找")
        )
        super().__init__(widget=widget, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"),
        max_length=100,
        help_text=_("用于区分不同用途，例如“数据同步脚本”"),
    )


class InvitationForm(forms.Form):
    """Whom to invite: a secretariat colleague, or the contact of one of the body's units."""

    role = forms.ChoiceField(label=_("角色"), choices=())
    organization = _UnitChoiceField(
        label=_("单位"),
        queryset=None,
        required=False,
        help_text=_("邀请单位联系人时选择其单位（本产教融合体的现有成员单位）"),
    )
    days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=30, initial=7)

    def __init__(self, *args, organizations=None, body=None, **kwargs):
        """``organizations``: the units a contact may be invited for (``body``'s current
        members, whom the picker looks up)."""
        from .models import Invitation

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Invitation.Role.choices
        self.fields["organization"].queryset = organizations
        if body is not None:
            self.fields["organization"].widget.params = {"member_of": body.pk}

    def clean(self):
        data = super().clean()
        if data.get("role") == "contact" and not data.get("organization"):
            self.add_error("organization", _("邀请单位联系人时须选择单位"))
        return data


class SignUpForm(forms.Form):
    """Accepting an invitation: the new account's username and password (checked by the
    service with Django's password validators)."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("字母、数字和 @ . + - _，用于登录"),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return data
