"""Citizens rate a closed case or a contact, 1 to 5, from Mijn gemeente."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from achterkant.cases.models import Case
from achterkant.cases.selectors import company_role
from achterkant.contacts.models import Contact, Feedback, Outcome

# A contact can be rated once it is finished: answered, or referred elsewhere. Not while
# a callback or task is open, nor when it started a case (that case is rated once closed).
RATABLE_OUTCOMES = (Outcome.ANSWERED, Outcome.REFERRED)


class AlreadyRated(Exception):
    pass


def feedback_give(
    *,
    bsn: str = "",
    kvk_number: str = "",
    branch_number: str = "",
    case: Case | None = None,
    contact: Contact | None = None,
    score: int,
    comment: str = "",
) -> Feedback:
    """Store one rating. Only for your own closed case or your own contact, once each."""
    if (case is None) == (contact is None):
        raise ValueError("Rate exactly one case or one contact.")
    if not (1 <= score <= 5):
        raise ValidationError({"score": "Kies een cijfer van 1 tot en met 5."})
    if case is not None:
        if not _owns_case(case, bsn=bsn, kvk_number=kvk_number, branch_number=branch_number):
            raise ValidationError("Deze zaak is niet van u.")
        if case.end_date is None:
            raise ValidationError("U kunt een zaak beoordelen als die is afgerond.")
        channel, product_code = case.channel, case.product.code if case.product_id else ""
    else:
        company = kvk_number and not branch_number and contact.kvk_number == kvk_number
        if not ((bsn and contact.bsn == bsn) or company):
            raise ValidationError("Dit contact is niet van u.")
        if contact.outcome not in RATABLE_OUTCOMES:
            raise ValidationError("U kunt een contact beoordelen als het is afgerond.")
        channel = contact.channel
        product_code = contact.product.code if contact.product_id else ""
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                case=case, contact=contact, bsn=bsn, kvk_number=kvk_number, score=score,
                comment=comment.strip()[:2000], channel=channel, product_code=product_code,
            )  # fmt: skip
    except IntegrityError as error:
        raise AlreadyRated("U heeft dit al beoordeeld.") from error


def _owns_case(case: Case, *, bsn: str, kvk_number: str, branch_number: str) -> bool:
    if bsn:
        return case.initiator_bsn == bsn
    return Case.objects.filter(company_role(kvk_number, branch_number), pk=case.pk).exists()
