"""Tags for log-in pages: what a refused log-in level needs."""

from django import template

from achterkant.identity.assurance import AssuranceLevel, is_sufficient

register = template.Library()


@register.simple_tag(takes_context=True)
def higher_level_for(context, product) -> AssuranceLevel | None:
    """The DigiD level to log in again with for ``product``, or None.

    None when the log-in is strong enough (the page refused for another reason) and for
    a business: eHerkenning's level is arranged with the broker, not asked per log-in.
    """
    request = context["request"]
    if not getattr(request, "citizen_bsn", ""):
        return None
    required = product.assurance_level
    if is_sufficient(actual=request.citizen.assurance, required=required):
        return None
    return AssuranceLevel(required)
