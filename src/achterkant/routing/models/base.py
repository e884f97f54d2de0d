"""What routing's tenant models share."""

from achterkant.tenancy.context import current_organisation
from achterkant.tenancy.models import TenantModel


class RoutingTenantModel(TenantModel):
    """A tenant model whose uniqueness checks include the organisation, also in the admin.

    The admin leaves ``organisation`` out of its forms (TenantAdmin sets it on save), so
    Django would skip every constraint that names it, and a duplicate code would end in
    a database error instead of a Dutch message. The organisation is the active one.
    """

    class Meta(TenantModel.Meta):
        abstract = True

    def validate_constraints(self, exclude=None) -> None:
        exclude = set(exclude or ())
        if self.organisation_id is None and current_organisation() is not None:
            self.organisation = current_organisation()  # what save() would set
        if self.organisation_id is not None:
            exclude.discard("organisation")
        super().validate_constraints(exclude=exclude)
