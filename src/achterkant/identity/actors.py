"""Who acts: the typed actor every service takes, whatever the channel.

A service is the complete gate for its use case, so it must know who asks. Channels
translate their own notion of "who" into one of these:

* :class:`Staff` — a logged-in staff member (desk, admin, CLI run by a person);
* :class:`Citizen` — a person logged in with DigiD (BSN and assurance level);
* :class:`Company` — a business logged in with eHerkenning (KvK, optional branch);
* :class:`System` — Achterkant itself (mail intake, the worker, the seed), with the
  permissions its job needs and no more;
* :class:`Application` — another system calling the API, with the permissions its
  authorisations give.

Staff and systems act by permission (``app_label.codename``). Citizens and companies
hold no permissions: they act on their own data only, which the service checks with
:meth:`owns_bsn` / :meth:`owns_kvk`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from achterkant.identity.assurance import AssuranceLevel


class NotPermitted(PermissionDenied):
    """The actor may not do this. The message is Dutch and safe to show."""


class _ActorDefaults:
    """What an actor may do unless it says otherwise: nothing by permission, and it owns
    no one's data. ``log_user`` is the staff user behind it, if any."""

    log_user = None

    def has_perm(self, permission: str) -> bool:
        return False

    def owns_bsn(self, bsn: str) -> bool:
        return False

    def owns_kvk(self, kvk_number: str, branch_number: str = "") -> bool:
        return False


class _ByPermissions(_ActorDefaults):
    """A system or an application: holds exactly the permissions it was given."""

    permissions: frozenset[str]

    def has_perm(self, permission: str) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class Staff(_ActorDefaults):
    user: object

    @property
    def log_label(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.user.username})"

    @property
    def log_user(self):
        return self.user

    @property
    def username(self) -> str:
        return self.user.username

    def has_perm(self, permission: str) -> bool:
        return bool(self.user.is_active and self.user.has_perm(permission))


@dataclass(frozen=True)
class Citizen(_ActorDefaults):
    bsn: str
    assurance: str = AssuranceLevel.MIDDEN

    log_label = "de inwoner zelf (Mijn gemeente)"
    username = "inwoner"

    def owns_bsn(self, bsn: str) -> bool:
        return bool(bsn) and bsn == self.bsn


@dataclass(frozen=True)
class Company(_ActorDefaults):
    kvk_number: str
    branch_number: str = ""
    assurance: str = AssuranceLevel.MIDDEN

    log_label = "de ondernemer zelf (Mijn gemeente)"
    username = "ondernemer"

    def owns_kvk(self, kvk_number: str, branch_number: str = "") -> bool:
        if not kvk_number or kvk_number != self.kvk_number:
            return False
        # A log-in for one branch acts for that branch only.
        return not self.branch_number or branch_number == self.branch_number


@dataclass(frozen=True)
class System(_ByPermissions):
    name: str
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def log_label(self) -> str:
        return self.name

    @property
    def username(self) -> str:
        return self.name


@dataclass(frozen=True)
class Application(_ByPermissions):
    client_id: str
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def log_label(self) -> str:
        return f"koppeling {self.client_id}"

    @property
    def username(self) -> str:
        return self.client_id


Actor = Staff | Citizen | Company | System | Application
ACTOR_TYPES = (Staff, Citizen, Company, System, Application)


def system(name: str, permissions: Iterable[str]) -> System:
    return System(name=name, permissions=frozenset(permissions))


def as_actor(value) -> Actor:
    """The typed actor for ``value``: an actor as is, a staff user wrapped in :class:`Staff`.

    ``None`` is refused: a service must always know who acts.
    """
    if isinstance(value, ACTOR_TYPES):
        return value
    if value is not None and getattr(value, "is_authenticated", False):
        return Staff(value)
    raise TypeError(f"A service needs an actor, not {value!r}.")


def user_of(actor) -> object | None:
    """The staff user behind an actor, for ``created_by``-style columns; None otherwise."""
    return as_actor(actor).log_user


def require(actor, permission: str, *, message: str = "") -> Actor:
    """The typed actor, if it holds ``permission``; else :class:`NotPermitted`."""
    actor = as_actor(actor)
    if not actor.has_perm(permission):
        raise NotPermitted(message or "U heeft geen toestemming om dit te doen.")
    return actor
