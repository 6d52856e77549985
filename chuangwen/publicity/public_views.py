"""The public pages under /public/, without login and made for phones: the campaign's progress,
the red and black lists of published rounds, and the office's news.

Caching: the pages carry the visitor's CSRF token (the language switch posts), so they may be kept
by the visitor's own browser for a minute (`private, max-age=60`) but by no shared cache; they vary
by language and cookie. Cover images carry no token: shared caches may keep them for an hour, and
their address changes with the picture.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from chuangwen.audit.models import AuditAnchor
from chuangwen.inspections.models import Round
from chuangwen.publicity import progress
from chuangwen.publicity.models import NewsPost
from chuangwen.units.models import OFFICE_ROLES, Unit, UnitKind

PAGE_MAX_AGE = 60
COVER_MAX_AGE = 3600
HOME_NEWS = 4
HOME_ANCHORS = 7  # the audit chain's head hash of the last days (chuangwen/audit/anchoring.py)
NEWS_PER_PAGE = 10
LIST_FIELDS = ("pk", "title", "summary", "body", "cover_thumbnail", "cover_sha256", "published_at", "status")


def _public(response, max_age: int = PAGE_MAX_AGE):
    patch_cache_control(response, private=True, max_age=max_age)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def _city_name() -> str:
    city = Unit.objects.filter(kind=UnitKind.CITY, parent__isnull=True).only("name").order_by("pk").first()
    return city.name if city else ""


def _render(request, name: str, context: dict, tab: str):
    context = {"tab": tab, "city_name": _city_name(), **context}
    return _public(render(request, f"publicity/public/{name}", context))


def _lists_context(round_: Round | None) -> dict:
    return {
        "round": round_,
        "boards": progress.boards(round_) if round_ else [],
        "earlier": progress.earlier_rounds(round_),
    }


@require_GET
def public_home(request):
    """进展: this year's figures, the latest published round's lists, the latest news."""
    figures = progress.figures()
    context = {
        "figures": figures,
        **_lists_context(progress.published_rounds().first()),
        "news": list(NewsPost.objects.published().only(*LIST_FIELDS)[:HOME_NEWS]),
        "anchors": list(AuditAnchor.objects.order_by("-day")[:HOME_ANCHORS]),
    }
    return _render(request, "home.html", context, "progress")


@require_GET
def public_round(request, pk: int):
    """An earlier published round's red and black lists; any other round is not there (404)."""
    round_ = progress.published_rounds().filter(pk=pk).first()
    if round_ is None:
        raise Http404
    return _render(request, "round.html", _lists_context(round_), "progress")


@require_GET
def public_news(request):
    posts = NewsPost.objects.published().only(*LIST_FIELDS).order_by("-published_at", "-id")
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "news_list.html", {"page": page, "posts": page.object_list}, "news")


def _published_post(pk: int) -> NewsPost:
    post = NewsPost.objects.published().select_related("author__unit").filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


@require_GET
def public_news_detail(request, pk: int):
    post = _published_post(pk)
    more = NewsPost.objects.published().only(*LIST_FIELDS).exclude(pk=post.pk)[:3]
    return _render(request, "news_detail.html", {"post": post, "more": list(more)}, "news")


@require_GET
def news_cover(request, pk: int):
    """A post's cover (?size=thumb: its thumbnail): public once published; the office sees drafts'."""
    user = request.user
    office = user.is_authenticated and user.is_active and user.role in OFFICE_ROLES
    post = NewsPost.objects.filter(pk=pk).only("status", "published_at", "cover_image", "cover_thumbnail").first()
    if post is None or not (post.is_public or office):
        raise Http404
    name = post.cover_thumbnail if request.GET.get("size") == "thumb" and post.cover_thumbnail else post.cover_image
    if not name:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    if post.is_public:
        patch_cache_control(response, public=True, max_age=COVER_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
