"""``{% desk_menu as menu %}``: the desk menu of the logged-in staff member (desk.landing)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

from achterkant.desk.landing import may_open_admin, menu_items

register = template.Library()


@lru_cache(maxsize=64)
def _url(url_name: str, script_prefix: str) -> str:
    """``reverse(url_name)``, once per process: the menu is on every desk page, and its
    dozen reversals were most of what it cost (the URL conf is fixed while it runs)."""
    return reverse(url_name)


@register.simple_tag(takes_context=True)
def desk_menu(context) -> dict:
    """The items this user may open, which one is the current page, and the admin link.

    Only the desk's own pages are ever marked current: an error page or the log-in page has
    no item of its own.
    """
    user = context.get("user")
    if user is None:
        return {"items": [], "admin_url": ""}
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.url_name if match is not None and match.namespace == "desk" else None
    prefix = get_script_prefix()
    items = [
        {"label": it.label, "url": _url(it.url_name, prefix), "current": current in it.current}
        for it in menu_items(user)
    ]
    admin_url = _url("admin:index", prefix) if may_open_admin(user) else ""
    return {"items": items, "admin_url": admin_url}
