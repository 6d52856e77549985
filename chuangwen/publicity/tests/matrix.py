"""Access-matrix rows: (url name, object key, personas, method); PUBLIC names need no login;
objects(world, found) adds the objects these rows' keys name."""

from __future__ import annotations

OFFICE = frozenset(["office_admin", "office_staff"])

PAGES: list = [
    ("publicity:news_list", None, OFFICE, "get"),
    ("publicity:news_create", None, OFFICE, "get"),
    ("publicity:news_detail", "news_post", OFFICE, "get"),
    ("publicity:news_edit", "news_post", OFFICE, "get"),
    ("publicity:news_publish", "news_post", OFFICE, "post"),
    ("publicity:news_withdraw", "news_post", OFFICE, "post"),
]
# The public page: progress, red and black lists of published rounds, published news and covers.
PUBLIC: set = {
    "publicity:public",
    "publicity:public_round",
    "publicity:public_news",
    "publicity:public_news_detail",
    "publicity:news_cover",
}


def objects(world, found: dict) -> dict:
    from chuangwen.publicity import services

    post = services.create_post(world.office_staff, title="创文简报", body="第一段。\n第二段。")
    return {"news_post": post}
