"""Tags for the portal's lists: what a row repeats is rendered once per page."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Where a row's own value goes in the form rendered once; escaping leaves it as it is.
_VALUE = "\x00value\x00"


@register.simple_tag(takes_context=True)
def feedback_form(context, name: str, value) -> SafeString:
    """``{% include "portal/_feedback.html" with name=… value=… %}``, for a list of rows.

    The form is the same for every row but its ``value`` (a case number or a contact id):
    it is rendered once per page and name, and each row puts its own value in. One CSRF
    token serves the page's rating forms (a page has one token anyway).
    """
    forms = context.render_context.setdefault("portal_feedback_forms", {})
    html = forms.get(name)
    if html is None:
        form = context.template.engine.get_template("portal/_feedback.html")
        with context.push(name=name, value=_VALUE):
            html = forms[name] = form.render(context)
    # The template escaped everything it rendered, and the value is escaped here.
    return mark_safe(html.replace(_VALUE, conditional_escape(value)))  # noqa: S308
