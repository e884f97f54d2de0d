from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models

from achterkant.tenancy.models import Organisation, TenantModel


def staff_name(first_name: str, last_name: str, username: str | None) -> str:
    """How a staff member is named on every screen: the full name, else the username; ""
    for no user (``username`` None). Also for rows read as plain columns, so that a list
    names people exactly as ``str(user)`` does."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


# Counters other processes rely on, raised only by ``UPDATE ... SET x = x + 1``.
VERSION_FIELDS = ("permissions_version", "second_factor_version")


class User(AbstractUser):
    """A staff member. Staff work for exactly one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        help_text="Leeg alleen voor technisch beheer (superuser).",
    )
    # Raised by one whenever the permissions this user has may have changed (groups, own
    # permissions, a group's permissions; staff.permission_cache). A session keeps the
    # user's permissions for the version it computed them at.
    permissions_version = models.PositiveIntegerField(default=0, editable=False)
    # Raised by one whenever one of this user's second-factor devices is saved or deleted
    # (staff.twofactor.verified). A session keeps which device verified it for this version.
    second_factor_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    def __str__(self) -> str:
        return staff_name(self.first_name, self.last_name, self.username)

    def save(self, *args, **kwargs) -> None:
        # The versions only rise, each by an UPDATE of its own. Saving a user read before
        # such a rise must not write the old number back: sessions kept for it would count
        # as current again (a removed device verifying, a withdrawn role still allowed).
        updating = not self._state.adding and not kwargs.get("force_insert")
        if updating and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # as Django's save: what was loaded
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.name not in VERSION_FIELDS
            ]
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj=None) -> bool:
        """Django's, answered at once for a permission the user's own permissions, read
        already this request, hold: any backend saying yes is a yes. Django otherwise
        loads and makes every backend anew for each check (a page asks twenty times).
        Everything else, a no included, goes the whole way as before."""
        kept = self.__dict__.get("_perm_cache")  # ModelBackend's (staff.permission_cache)
        if obj is None and kept is not None and self.is_active and perm in kept:
            return True
        return super().has_perm(perm, obj)


class SigningAlgorithm(models.TextChoices):
    RS256 = "RS256", "RS256 (sleutels van de inlogdienst, JWKS)"
    HS256 = "HS256", "HS256 (met het client secret)"


class OidcConfiguration(TenantModel):
    """Single sign-on for one organisation's staff with its own OpenID Connect provider.

    Each organisation has its own identity provider (Entra ID, Keycloak, ...): the log-in
    on an organisation's host name uses this configuration only. The endpoints come from
    the provider's discovery document (``<issuer>/.well-known/openid-configuration``),
    fetched and cached by ``staff.sso.provider``. One per organisation.
    """

    enabled = models.BooleanField(
        "inloggen met de inlogdienst aan",
        default=False,
        help_text="Toont de knop op de inlogpagina voor medewerkers.",
    )
    display_name = models.CharField(
        "naam op de knop",
        max_length=100,
        blank=True,
        help_text='Bijvoorbeeld "uw Microsoft-account". Leeg: "uw organisatie-account".',
    )
    issuer = models.URLField(
        "issuer (uitgever)",
        max_length=500,
        help_text=(
            "De issuer van de inlogdienst, zonder /.well-known/openid-configuration. "
            "Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0. "
            "Keycloak: https://<host>/realms/<realm>."
        ),
    )
    client_id = models.CharField("client-ID", max_length=255)
    client_secret = models.CharField("client secret", max_length=500, blank=True)
    scopes = models.CharField(
        "scopes",
        max_length=255,
        default="openid email profile",
        help_text="Gescheiden door spaties; openid is verplicht.",
    )
    signing_algorithm = models.CharField(
        "ondertekening van het ID-token",
        max_length=10,
        choices=SigningAlgorithm.choices,
        default=SigningAlgorithm.RS256,
    )
    username_claim = models.CharField(
        "claim voor de gebruikersnaam",
        max_length=100,
        default="preferred_username",
        help_text="Bijvoorbeeld preferred_username of email.",
    )
    groups_claim = models.CharField(
        "claim voor de groepen",
        max_length=100,
        default="groups",
        help_text="De claim met de groepen van de medewerker, meestal groups.",
    )
    role_mapping = models.JSONField(
        "groepen en rollen",
        default=dict,
        blank=True,
        help_text=(
            'Welke groep van de inlogdienst welke rol geeft, bijvoorbeeld {"kcc": '
            '["KCC-medewerker"], "beheer": ["Functioneel beheerder"]}. Entra ID stuurt '
            "de object-ID van de groep. Een medewerker zonder rol komt niet binnen."
        ),
    )
    local_passwords_enabled = models.BooleanField(
        "inloggen met wachtwoord toestaan",
        default=True,
        help_text=(
            "Uit: medewerkers van deze organisatie kunnen alleen via de inlogdienst "
            "inloggen. Technisch beheer (superuser zonder organisatie) blijft kunnen "
            "inloggen met een wachtwoord."
        ),
    )
    idp_enforces_mfa = models.BooleanField(
        "de inlogdienst vraagt al een tweede factor",
        default=False,
        help_text=(
            "Aan: Achterkant vraagt na inloggen via de inlogdienst geen eigen tweede "
            "factor meer. Zet dit alleen aan als de inlogdienst voor iedereen een tweede "
            "factor afdwingt."
        ),
    )

    class Meta:
        verbose_name = "inlogdienst (OpenID Connect)"
        verbose_name_plural = "inlogdiensten (OpenID Connect)"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="staff_oidc_configuration_one_per_organisation",
                violation_error_message="Deze organisatie heeft al een inlogdienst.",
            )
        ]

    def __str__(self) -> str:
        return f"Inlogdienst van {self.organisation}"

    @property
    def button_label(self) -> str:
        return self.display_name or "uw organisatie-account"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def roles_for(self, groups) -> set[str]:
        """The Achterkant roles the provider's groups give, by ``role_mapping``."""
        found: set[str] = set()
        for group in groups:
            mapped = self.role_mapping.get(str(group), [])
            found.update([mapped] if isinstance(mapped, str) else mapped)
        return found

    def clean(self) -> None:
        from urllib.parse import urlsplit

        from django.core.exceptions import ValidationError

        from achterkant.staff.roles import ROLES

        errors: dict[str, str] = {}
        parts = urlsplit(self.issuer or "")
        if parts.scheme != "https" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            errors["issuer"] = "De issuer moet met https:// beginnen."
        if "openid" not in self.scopes.split():
            errors["scopes"] = "De scope openid is verplicht."
        if self.signing_algorithm == SigningAlgorithm.HS256 and not self.client_secret:
            errors["client_secret"] = "Voor HS256 is het client secret nodig."  # noqa: S105
        mapping = self.role_mapping
        if not isinstance(mapping, dict):
            errors["role_mapping"] = 'Geef een lijst als {"groep": ["rol"]}.'
        else:
            for group, mapped in mapping.items():
                names = [mapped] if isinstance(mapped, str) else mapped
                if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                    errors["role_mapping"] = f'Bij groep "{group}" hoort een lijst van rollen.'
                    break
                unknown = [name for name in names if name not in ROLES]
                if unknown:
                    errors["role_mapping"] = (
                        f'Onbekende rol "{unknown[0]}" bij groep "{group}". '
                        f"Mogelijke rollen: {', '.join(ROLES)}."
                    )
                    break
        if errors:
            raise ValidationError(errors)


class OidcIdentity(TenantModel):
    """Which staff member an identity at an organisation's provider (issuer + sub) is."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    last_login = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "koppeling met de inlogdienst"
        verbose_name_plural = "koppelingen met de inlogdienst"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "issuer", "subject"], name="staff_oidc_identity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.organisation})"


class StaffSession(AbstractBaseSession):
    """Django's session row plus the id of the user it is logged in as (``staff.sessions``).

    The id is only a hint for loading the user in the same query as the session: the user
    the session data names is the one that counts, so no constraint ties the two together.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # read by session key only
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "staff_session"
        verbose_name = "sessie"
        verbose_name_plural = "sessies"

    @classmethod
    def get_session_store_class(cls):
        from achterkant.staff.sessions import SessionStore

        return SessionStore
