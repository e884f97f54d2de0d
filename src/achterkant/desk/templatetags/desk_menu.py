"""``{% desk_menu as menu %}``: the desk menu of the logged-in staff member (desk.landing)."""

from django import template
from django.urls import reverse

from achterkant.desk.landing import may_open_admin, menu_items

register = template.Library()


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
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": current in item.current}
        for item in menu_items(user)
    ]
    return {"items": items, "admin_url": reverse("admin:index") if may_open_admin(user) else ""}
