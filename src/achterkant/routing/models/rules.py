"""Routing rules: which team gets new work, decided once for every channel."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from achterkant.catalog.models import CaseType, Channel, Product
from achterkant.routing.models.base import RoutingTenantModel
from achterkant.routing.models.teams import Team

# Dutch postcodes run from 1000 to 9999; a rule looks at the four digits only.
_POSTCODE_DIGITS = re.compile(r"^\s*([1-9]\d{3})")
validate_postcode_digits = RegexValidator(
    r"^[1-9]\d{3}$", "Vul de vier cijfers van een postcode in, bijvoorbeeld 1011."
)


def postcode_number(postcode: str) -> int | None:
    """The four digits of a postcode as a number ("1011 AB" → 1011), or None if absent."""
    match = _POSTCODE_DIGITS.match(postcode or "")
    return int(match.group(1)) if match else None


class RoutingRule(RoutingTenantModel):
    """ "Work for this product or case type (from this channel, in this area) goes to that team".

    The first active rule in ``order`` that matches wins (``routing.services.route``). A
    blank condition matches anything; a rule must name a product or a case type so one
    careless rule cannot swallow all work.
    """

    order = models.PositiveIntegerField("volgorde", default=100)
    product_code = models.CharField("productcode", max_length=50, blank=True)
    case_type_identification = models.CharField(
        "zaaktype (identificatie)", max_length=50, blank=True
    )
    channel = models.CharField(
        "kanaal",
        max_length=20,
        choices=Channel.choices,
        blank=True,
        help_text="Leeg: elk kanaal. Vul alleen in als dit kanaal naar een ander team moet.",
    )
    postcode_from = models.CharField(
        "postcode vanaf", max_length=4, blank=True, validators=[validate_postcode_digits]
    )
    postcode_to = models.CharField(
        "postcode tot en met", max_length=4, blank=True, validators=[validate_postcode_digits]
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="routing_rules", verbose_name="team"
    )
    active = models.BooleanField("actief", default=True)
    description = models.CharField("omschrijving", max_length=200, blank=True)

    class Meta:
        verbose_name = "routeringsregel"
        verbose_name_plural = "routeringsregels"
        ordering = ["order", "pk"]
        indexes = [
            models.Index(fields=["organisation", "active", "order"], name="routing_rule_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(product_code="", case_type_identification=""),
                name="routing_rule_has_subject",
                violation_error_message="Vul een productcode of een zaaktype in.",
            ),
            # Four digits each, so comparing the text compares the numbers.
            models.CheckConstraint(
                condition=Q(postcode_from="") | Q(postcode_to="")
                | Q(postcode_from__lte=models.F("postcode_to")),
                name="routing_rule_postcode_range",
                violation_error_message="De postcode 'tot en met' ligt vóór 'vanaf'.",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.description or f"Regel {self.order} → {self.team}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.product_code and not self.case_type_identification:
            errors["product_code"] = "Vul een productcode of een zaaktype in."
        elif self.product_code and not Product.objects.filter(code=self.product_code).exists():
            errors["product_code"] = f"Er is geen product met code '{self.product_code}'."
        if (
            self.case_type_identification
            and not CaseType.objects.filter(identification=self.case_type_identification).exists()
        ):
            errors["case_type_identification"] = (
                f"Er is geen zaaktype '{self.case_type_identification}'."
            )
        low, high = postcode_number(self.postcode_from), postcode_number(self.postcode_to)
        if low is not None and high is not None and low > high:
            errors["postcode_to"] = "De postcode 'tot en met' ligt vóór 'vanaf'."
        if errors:
            raise ValidationError(errors)

    def matches(
        self, *, product_code: str, case_type_identification: str, channel: str, postcode: str
    ) -> bool:
        """True when every condition this rule sets holds for the item."""
        if self.product_code and self.product_code != product_code:
            return False
        if (
            self.case_type_identification
            and self.case_type_identification != case_type_identification
        ):
            return False
        if self.channel and self.channel != channel:
            return False
        if not (self.postcode_from or self.postcode_to):
            return True
        number = postcode_number(postcode)
        if number is None:
            return False  # a rule for an area never takes work without a postcode
        low, high = postcode_number(self.postcode_from), postcode_number(self.postcode_to)
        return (low is None or number >= low) and (high is None or number <= high)
