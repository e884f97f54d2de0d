"""Teams, their members and the skills that auto-assignment looks at."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from achterkant.routing.models.base import RoutingTenantModel
from achterkant.tenancy.context import current_organisation
from achterkant.tenancy.models import Organisation


def active_organisation_id() -> int | None:
    """Default organisation of a membership row: the active one.

    ``team.members.add(user)`` bulk-creates membership rows without calling ``save()``,
    so the organisation must come from a field default. It is the team's organisation
    in practice: ``Team.objects`` only returns the active organisation's teams, and the
    related manager needs an active organisation anyway. Referenced by migration 0002;
    keep the name.
    """
    organisation = current_organisation()
    return organisation.pk if organisation else None


class Skill(RoutingTenantModel):
    """Something a member can do ("Wabo", "Engels"); a team can require one for auto-assignment."""

    code = models.SlugField("code", max_length=40)
    name = models.CharField("naam", max_length=100)

    class Meta:
        verbose_name = "vaardigheid"
        verbose_name_plural = "vaardigheden"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="skill_unique_code",
                violation_error_message="Er is al een vaardigheid met deze code.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(RoutingTenantModel):
    """Organisatorische eenheid: a team that owns queues and work."""

    identification = models.SlugField("code", max_length=24)
    name = models.CharField("naam", max_length=100)
    email = models.EmailField("e-mailadres", blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="teams",
        blank=True,
        verbose_name="leden",
    )
    auto_assign = models.BooleanField(
        "automatisch toewijzen",
        default=False,
        help_text="Nieuw werk gaat naar het lid met het minste openstaande werk.",
    )
    required_skill = models.ForeignKey(
        Skill,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vereiste vaardigheid",
        help_text=(
            "Bij automatisch toewijzen komen alleen leden met deze vaardigheid in aanmerking."
        ),
    )

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identification"],
                name="team_unique_identification",
                violation_error_message="Er is al een team met deze code.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(RoutingTenantModel):
    """One staff member in one team, with the skills they bring to it."""

    # Overrides TenantModel's field only to add the default; see active_organisation_id.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        default=active_organisation_id,
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name="medewerker",
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="memberships", verbose_name="vaardigheden"
    )

    class Meta:
        verbose_name = "teamlid"
        verbose_name_plural = "teamleden"
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                name="team_membership_unique",
                violation_error_message="Deze medewerker is al lid van dit team.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"

    def clean(self) -> None:
        # On the admin's "add team" page the team is not saved yet: use the active organisation.
        organisation_id = self.team.organisation_id if self.team_id else self.organisation_id
        if self.user_id and organisation_id and self.user.organisation_id != organisation_id:
            raise ValidationError({"user": "Deze medewerker werkt niet voor deze organisatie."})

    def save(self, *args, **kwargs) -> None:
        # A membership belongs to its team's organisation, whatever is active.
        if self.team_id:
            self.organisation_id = self.team.organisation_id
        super().save(*args, **kwargs)
