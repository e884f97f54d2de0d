"""Sessions in the database, read together with their user: one query instead of two.

Every request of a logged-in staff member read its session row and then, in a second
query, its user row (``django.contrib.auth.get_user``). Here the session row also holds the
id of the user it is logged in as (``StaffSession.user``, written whenever the session is
saved), and the session is read with ``select_related("user")``. The user row so read is
handed to the authentication backend for that one request, instead of reading it again.

Nothing about who is logged in changes:

* The session data (``_auth_user_id``, the backend, the password hash) decide, exactly as
  in Django. The row read with the session is used only when it is the user the data names;
  otherwise (a session saved before this column existed, or any mismatch) the backend reads
  the user as before.
* The user row is as fresh as before: read at the same moment as the session, in the same
  request, never kept between requests. A deactivated user, a changed password (the session
  hash is checked by Django against this row) or changed roles (``permissions_version``)
  count on the very next request, in every process.
* Log-out deletes the session row (server-side), as Django's database engine does.

The engine for ``SESSION_ENGINE`` when there is no shared cache (``conf.settings``); with
Redis the sessions stay in ``cached_db``.
"""

import logging
from contextvars import ContextVar
from datetime import UTC, datetime

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from achterkant.tenancy.context import current_organisation

# Paths whose sessions belong to citizens, who have no user row: their session is read
# without the join, which would only cost time there. A hint, never a decision: a staff
# member on such a page still gets their user, read on its own as before.
WITHOUT_USER_PREFIXES = ("/mijn/",)

# The session whose user ``auth.get_user`` is looking up right now (set by the middleware).
_session_being_read: ContextVar["SessionStore | None"] = ContextVar(
    "achterkant_session_being_read", default=None
)


class SessionStore(DatabaseSessionStore):
    """Django's database sessions in ``staff_session``, read with their user."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._user_row = None
        self.read_with_user = True

    @classmethod
    def get_model_class(cls):
        from achterkant.staff.models import StaffSession

        return StaffSession

    def _get_session_from_db(self):
        # Django's own, plus select_related: the user comes along in the same query.
        self._user_row = None
        if current_organisation() is not None:
            return self._get_session_compiled()
        rows = self.model.objects
        if self.read_with_user:
            rows = rows.select_related("user")
        try:
            row = rows.get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        self._user_row = row.user if self.read_with_user else None
        return row

    def _get_session_compiled(self):
        """The same query and row as above, compiled once per process (``tenancy.compiled``):
        building it cost more Python than running it, on every page of a logged-in staff
        member or citizen (8% of an e-loket submit, ninth session)."""
        from achterkant.tenancy.compiled import compiled_objects

        model, alias = self.model, router.db_for_read(self.model)
        expires = model._meta.get_field("expire_date")
        now = expires.get_db_prep_value(timezone.now(), connections[alias])
        with_user = self.read_with_user
        found = compiled_objects(
            "staff.session_with_user" if with_user else "staff.session",
            model,
            _session_with_user if with_user else _session_alone,
            (self.session_key, now),
            stand_ins=_SESSION_STAND_INS,
        )
        if not found:
            self._session_key = None
            return None
        row = found[0]
        self._user_row = row.user if with_user else None
        return row

    def create_model_instance(self, data: dict):
        instance = super().create_model_instance(data)
        instance.user_id = _user_id(data.get(auth.SESSION_KEY))
        return instance

    def take_user_row(self, user_id) -> object | None:
        """The user row read with this session, once, if it is user ``user_id``."""
        row, self._user_row = self._user_row, None
        if row is not None and str(row.pk) == str(user_id):
            return row
        return None


def _session_with_user(session_key: str, now):
    from achterkant.staff.models import StaffSession

    return StaffSession.objects.select_related("user").filter(
        session_key=session_key, expire_date__gt=now
    )


def _session_alone(session_key: str, now):
    from achterkant.staff.models import StaffSession

    return StaffSession.objects.filter(session_key=session_key, expire_date__gt=now)


# Two session keys and moments of the kinds the query compares with (``tenancy.compiled``).
_SESSION_STAND_INS = (
    ("s" * 32, datetime(2000, 1, 1, tzinfo=UTC)),
    ("t" * 32, datetime(2000, 1, 2, tzinfo=UTC)),
)


def _user_id(value) -> int | None:
    from achterkant.staff.models import User

    if value is None:
        return None
    try:
        return User._meta.pk.to_python(value)
    except ValidationError:
        return None


def user_read_with_session(user_id) -> object | None:
    """For a backend's ``get_user``: the user row read with the request's session, if any."""
    session = _session_being_read.get()
    if isinstance(session, SessionStore):
        return session.take_user_row(user_id)
    return None


def _get_user(request: HttpRequest):
    # Django's middleware get_user, with the request's session made known to the backend.
    if not hasattr(request, "_cached_user"):
        token = _session_being_read.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _session_being_read.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's ``AuthenticationMiddleware``; the user comes from the session's own query."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if isinstance(request.session, SessionStore) and request.path.startswith(
            WITHOUT_USER_PREFIXES
        ):
            request.session.read_with_user = False
        request.user = SimpleLazyObject(lambda: _get_user(request))


class SessionUserMixin:
    """For an authentication backend: ``get_user`` takes the user row read with the session.

    Also refuses an inactive user for every backend (Django's ``ModelBackend`` does, the
    OpenID Connect library's did not): a deactivated staff member is logged out at once.
    """

    def get_user(self, user_id):
        user = user_read_with_session(user_id)
        if user is None:
            user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
