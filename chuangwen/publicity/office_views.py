"""The office's news pages under /news/: the list, write (create, edit), preview, publish and
withdraw. Office roles only; every write goes through chuangwen.publicity.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.audit.models import AuditEvent
from chuangwen.lib import uploads
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required
from chuangwen.publicity import services
from chuangwen.publicity.forms import NewsForm, WithdrawForm
from chuangwen.publicity.models import NewsPost, NewsStatus

SECTION = "news"
PER_PAGE = 50
COVER_FOLDER = "news"
HISTORY = 50


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@require_GET
@office_required
def news_list(request):
    status = request.GET.get("status", "")
    posts = NewsPost.objects.select_related("author")
    if status in NewsStatus.values:
        posts = posts.filter(status=status)
    else:
        status = ""
    page = Paginator(posts.order_by("-updated_at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "section": SECTION,
        "page": page,
        "posts": page.object_list,
        "status": status,
        "statuses": NewsStatus.choices,
        "querystring": f"status={status}" if status else "",
    }
    return render(request, "publicity/office/list.html", context)


def _form_page(request, form, post: NewsPost | None, status: int = 200):
    context = {"section": SECTION, "form": form, "post": post}
    return render(request, "publicity/office/form.html", context, status=status)


def _save(form, write) -> tuple[NewsPost | None, int]:
    """Store the cover (if any), then run the service; on a refusal remove the stored cover."""
    if not form.is_valid():
        return None, 400
    cover = None
    try:
        if form.cleaned_data.get("cover"):
            cover = uploads.accept_image(form.cleaned_data["cover"], folder=COVER_FOLDER)
        return write(cover), 200
    except DomainError as exc:
        if cover is not None:
            uploads.delete_stored(*cover.names)
        if exc.field == "photos":
            exc.field = "cover"
        _form_error(form, exc)
        return None, exc.status
    except BaseException:
        if cover is not None:
            uploads.delete_stored(*cover.names)
        raise


@require_http_methods(["GET", "POST"])
@office_required
def news_create(request):
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return _form_page(request, form, None)
    post, status = _save(form, lambda cover: services.create_post(request.user, cover=cover, **form.texts()))
    if post is None:
        return _form_page(request, form, None, status)
    messages.success(request, _("已保存草稿“%(title)s”，确认无误后即可发布") % {"title": post.title})
    return redirect("publicity:news_detail", pk=post.pk)


@require_http_methods(["GET", "POST"])
@office_required
def news_edit(request, pk: int):
    post = get_object_or_404(NewsPost, pk=pk)
    form = NewsForm(
        request.POST or None,
        request.FILES or None,
        initial=NewsForm.initial_for(post),
        has_cover=bool(post.cover_image),
    )
    if request.method == "GET":
        return _form_page(request, form, post)
    saved, status = _save(
        form,
        lambda cover: services.edit_post(
            request.user, post, cover=cover, remove_cover=form.cleaned_data.get("remove_cover", False), **form.texts()
        ),
    )
    if saved is None:
        return _form_page(request, form, post, status)
    messages.success(request, _("已保存“%(title)s”") % {"title": saved.title})
    return redirect("publicity:news_detail", pk=saved.pk)


def _history(post: NewsPost) -> list[AuditEvent]:
    labels = {
        "news.created": _("新建草稿"), "news.edited": _("修改"), "news.published": _("发布"),
        "news.withdrawn": _("撤回"),
    }  # fmt: skip
    events = AuditEvent.objects.filter(object_type=NewsPost._meta.label_lower, object_id=str(post.pk))
    events = list(events.order_by("-at", "-id")[:HISTORY])
    for event in events:
        event.label = labels.get(event.event_type, event.event_type)
    return events


def _detail_page(request, post: NewsPost, *, status: int = 200, withdraw_form=None, error: str = ""):
    context = {
        "section": SECTION,
        "post": post,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "history": _history(post),
        "error": error,
    }
    return render(request, "publicity/office/detail.html", context, status=status)


@require_GET
@office_required
def news_detail(request, pk: int):
    """The post as the public sees it, with its state, the actions and its history."""
    return _detail_page(request, get_object_or_404(NewsPost.objects.select_related("author"), pk=pk))


@require_POST
@office_required
def news_publish(request, pk: int):
    post = get_object_or_404(NewsPost, pk=pk)
    try:
        post = services.publish_post(request.user, post)
    except DomainError as exc:
        return _detail_page(request, post, status=exc.status, error=str(exc.message))
    messages.success(request, _("已发布“%(title)s”，公众现在可以看到") % {"title": post.title})
    return redirect("publicity:news_detail", pk=post.pk)


@require_POST
@office_required
def news_withdraw(request, pk: int):
    post = get_object_or_404(NewsPost, pk=pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        post = services.withdraw_post(request.user, post, reason=form.cleaned_data.get("reason", ""))
    except DomainError as exc:
        _form_error(form, exc)
        error = "" if exc.field == "reason" else str(exc.message)
        return _detail_page(request, post, status=exc.status, withdraw_form=form, error=error)
    messages.success(request, _("已撤回“%(title)s”，公众页面不再显示") % {"title": post.title})
    return redirect("publicity:news_detail", pk=post.pk)
