"""A person's own API tokens: list, issue (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chuangwen.apitokens import services
from chuangwen.apitokens.forms import TokenForm
from chuangwen.apitokens.models import ApiToken
from chuangwen.lib.errors import DomainError

SHOWN_TOKENS = 50


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued, secret = services.issue_token(request.user, name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error("name" if exc.field == "name" else None, exc.message)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)[:SHOWN_TOKENS]
    context = {"form": form, "tokens": tokens, "secret": secret, "issued": issued, "section": "tokens"}
    status = 400 if request.method == "POST" and secret is None else 200
    response = render(request, "apitokens/list.html", context, status=status)
    add_never_cache_headers(response)  # the secret must not stay in any cache
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_token(request.user, token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("令牌“%(name)s”已撤销") % {"name": token.name})
    return redirect("apitokens:list")
