"""API token pages (API 令牌)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chanjiao.core.views import run_service

from .forms import ApiTokenForm
from .selectors import api_token_list
from .services import api_token_create, api_token_revoke


@login_required
def tokens(request):
    """List the user's tokens and issue a new one; the raw token is shown only in this reply."""
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: api_token_create(actor=request.user, name=form.cleaned_data["name"])
        )
        if created:
            token, raw = created
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "title": _("API 令牌"),
            "form": form,
            "raw_token": raw,
            "tokens": api_token_list(actor=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(api_token_list(actor=request.user), pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("accounts:tokens")
