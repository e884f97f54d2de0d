"""Settings, read from the environment.

Development needs nothing set: SQLite under ``var/``, a generated secret key, and
e-mail written to ``var/mail``. Production sets ``DEBUG=0``, ``SECRET_KEY``,
``DATABASE_URL``, ``ALLOWED_HOSTS`` and the ``EMAIL_*`` variables; ``achterkant
check --deploy`` refuses to pass otherwise.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("ACHTERKANT_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)
# Demo mode: loopback host names fall back to the first organisation.
DEMO_MODE = env_bool("DEMO_MODE", DEBUG)

DEV_SECRET_KEY_FILE = VAR_DIR / "secret_key"


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    # Generated once, so sessions survive a restart of `make run`.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not DEV_SECRET_KEY_FILE.exists():
        DEV_SECRET_KEY_FILE.write_text(secrets.token_urlsafe(50))
        DEV_SECRET_KEY_FILE.chmod(0o600)
    return DEV_SECRET_KEY_FILE.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_DEV_FILE = "SECRET_KEY" not in os.environ

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "achterkant.conf.admin_config.AchterkantAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "achterkant.conf",
    "achterkant.tenancy",
    "achterkant.worker",
    "achterkant.staff",
    "achterkant.audit",
    "achterkant.notify",
    "achterkant.worktime",
    "achterkant.identity",
    "achterkant.catalog",
    "achterkant.routing",
    "achterkant.cases",
    "achterkant.contacts",
    "achterkant.contacts.triage",
    "achterkant.insights",
    "achterkant.desk",
    "achterkant.portal",
    "achterkant.demo",
    # The ZGW APIs (docs/api.md): applications, their client ids, secrets and autorisaties.
    "achterkant.api.autorisaties",
    "achterkant.api.catalogi",
    "achterkant.api.zaken",
    "achterkant.api.notificaties",
    # DigiD: the library's models (configuration, certificates) and its mock IdP.
    "privates",
    "simple_certmanager",
    "solo",
    "digid_eherkenning",
    # Brute-force protection of the staff and admin log-in (issue 12, defect 4).
    "axes",
    # Content-Security-Policy (its checks and template tags).
    "csp",
    # Two-factor authentication of staff (issue 12): TOTP, recovery codes and passkeys.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, compressed and cached for a year under hashed names (before the tenant
    # and session middleware: a stylesheet needs neither).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below) and Permissions-Policy, on every
    # response, also the input guard's 400.
    "achterkant.conf.middleware.ContentSecurityPolicyMiddleware",
    "achterkant.conf.middleware.PermissionsPolicyMiddleware",
    # Pages with personal data are never cached (Cache-Control: no-store).
    "achterkant.conf.middleware.NoStoreMiddleware",
    # Refuses control characters in the path and in every parameter, before anything reads them.
    "achterkant.conf.middleware.InputGuardMiddleware",
    "achterkant.tenancy.middleware.TenantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With a read replica: each request starts on a clean slate, a browser that just wrote
    # reads from the primary for a while (achterkant.conf.db_router, docs/scaling.md).
    "achterkant.conf.db_router.ReadYourWritesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user read in the session's own query (achterkant.staff.sessions).
    "achterkant.staff.sessions.AuthenticationMiddleware",
    # request.user.is_verified(): which second-factor device (if any) verified this session;
    # django-otp's, reading the device only after the user's devices changed
    # (achterkant.staff.twofactor.verified): one query fewer per request.
    "achterkant.staff.twofactor.verified.VerifiedDeviceMiddleware",
    # The session's own user reads its permissions from the session while still valid
    # (achterkant.staff.permission_cache): two queries fewer per request.
    "achterkant.staff.permission_cache.PermissionSessionMiddleware",
    "achterkant.staff.middleware.StaffTenantMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: ends idle and too-long staff sessions, with a message.
    "achterkant.staff.middleware.StaffSessionTimeoutMiddleware",
    # With DEBUG on (the demo): the Dutch 404 page, not Django's technical one (issue 17).
    "achterkant.conf.error_views.DebugErrorPagesMiddleware",
    # Staff pass a second factor before any staff page (achterkant.staff.twofactor).
    "achterkant.staff.twofactor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a log-in refused for too many failures into the Dutch lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "achterkant.conf.urls"
WSGI_APPLICATION = "achterkant.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "achterkant.tenancy.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'achterkant.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A pooled connection is checked before a request uses it, so a database restart
        # costs no failed request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameters, so that a query the connection runs again is prepared once and
    # then executed without planning it anew (planning cost 10-100x the execution of our
    # indexed lookups at municipal scale; docs/performance.md). Behind PgBouncer in
    # transaction mode this needs PgBouncer 1.21+ with max_prepared_statements set;
    # DB_PREPARE_THRESHOLD=0 switches preparing off.
    _prepare_threshold = int(os.environ.get("DB_PREPARE_THRESHOLD", "2"))
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": _prepare_threshold or None,
    }
    # A prepared statement is only planned once if PostgreSQL keeps its generic plan. With
    # its default (plan_cache_mode "auto") it planned the pages' joined queries anew on
    # every run, as a custom plan looked cheaper: 1-1.5 ms of each page at municipal scale
    # (docs/performance.md, seventh session). `achterkant serve` asks for the generic plan
    # (the pages' queries are index lookups by key, alike for every value); the worker and
    # the CLI keep "auto", since their sweeps filter on rare values (a due date, a pending
    # status) whose statistics a generic plan cannot see. Behind PgBouncer, which does
    # not pass this start-up option, set it per role instead (docs/scaling.md).
    _plan_cache_mode = os.environ.get("DB_PLAN_CACHE_MODE", "")
    if _plan_cache_mode not in ("", "auto", "force_generic_plan", "force_custom_plan"):
        raise ValueError(
            "DB_PLAN_CACHE_MODE must be auto, force_generic_plan or force_custom_plan, "
            f"not {_plan_cache_mode!r}"
        )
    if _plan_cache_mode:
        DATABASES["default"]["OPTIONS"]["options"] = f"-c plan_cache_mode={_plan_cache_mode}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A PostgreSQL streaming replica for the reads that opt in (docs/scaling.md, "Reads"). Absent:
# everything on default. Writes and migrations never go there.
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    # The primary's connection options too: prepared statements and their plans
    # (above) matter most for the reads sent here.
    if DATABASES["replica"]["ENGINE"] == DATABASES["default"]["ENGINE"]:
        DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Tests read "the replica" from the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["achterkant.conf.db_router.ReplicaRouter"]
# After a request that wrote, that browser reads from the primary this long (replica lag).
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "15"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "staff.User"
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "staff:login"
# Axes first: it refuses a locked-out log-in before the password is even checked.
# (force_login picks the first backend with get_user: the password backend.)
# Passwords: Django's, refused where an organisation allows single sign-on only. Single
# sign-on: each organisation's own OpenID Connect provider (staff.sso, configured in the
# admin; docs/security.md).
AUTHENTICATION_BACKENDS = [
    "achterkant.staff.lockout.LockoutBackend",
    "achterkant.staff.sso.backends.PasswordBackend",
    "achterkant.staff.sso.backends.OrganisationOidcBackend",
]

# Brute-force protection of the staff and admin log-in (django-axes; docs/security.md,
# "Brute-force protection"). After AXES_FAILURE_LIMIT failures for one user name (from any
# address), or from one client address (for any user names), further log-ins are refused for
# AXES_COOLOFF_MINUTES, or until a functional admin or the superuser lifts the lock-out.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Separately, not combined: per user name stops a distributed attack on one account; per
# address stops one client from locking out user after user (it is itself locked out after
# AXES_FAILURE_LIMIT failures, and refused attempts are not counted, see below).
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# A refused attempt during a lock-out is not recorded: otherwise a locked-out client could go
# on adding failures to any user name, and keep extending its own lock-out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful log-in clears that user's failures from that address only
# (achterkant.staff.lockout); axes's own reset would clear every failure of the address,
# so one valid account would let its holder guess another account's password without limit.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "achterkant.staff.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The client address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT reverse proxies in front of
# us (the same proxies SECURE_PROXY_SSL_HEADER trusts), the address the outermost of them
# added to X-Forwarded-For. Never a value a client can choose.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "achterkant.staff.lockout.client_ip_address"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# One date format per kind (date, moment, due time): achterkant/conf/formats/nl/formats.py.
FORMAT_MODULE_PATH = ["achterkant.conf.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Inzicht: the Ed25519 key that signs this installation's benchmark cards
# (docs/insights.md, "The benchmark card"); created on first use, never committed.
INSIGHTS_SIGNING_KEY_FILE = os.environ.get(
    "INSIGHTS_SIGNING_KEY_FILE", str(VAR_DIR / "insights-signing-key.pem")
)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production: hashed names (cached for a year) and gzip copies, made by collectstatic,
    # which `achterkant serve` runs at start. With DEBUG (the demo, a checkout, the tests)
    # plain names, so nothing needs collecting first.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "achterkant.conf.static_storage.StaticFilesStorage"
    },
}
# Documents, attachments and raw e-mails: on local disk (MEDIA_ROOT), or with
# STORAGE_BACKEND=s3 in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, …) through
# django-storages, so that every web and worker machine sees the same files
# (docs/scaling.md, "Documents"). Never public: downloads go through our permission checks,
# so the bucket needs no public access and no signed URLs are handed out.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
            # Path-style URLs (bucket in the path) work on every S3-compatible server.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path"),
            "default_acl": None,
            "querystring_auth": False,
            # Stored names are random already; a clash must never replace another's file.
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    raise ValueError(f"STORAGE_BACKEND must be 'filesystem' or 's3', not {STORAGE_BACKEND!r}")
# Lets our templates restyle Django's form widgets with NL Design System classes.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# A failed CSRF check (mostly a form left open too long): the Dutch 403 page (issue 17).
CSRF_FAILURE_VIEW = "achterkant.conf.error_views.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# HSTS for all subdomains, and the preload list, are the domain owner's choice, not ours.
# Achterkant's own checks (achterkant.*) guard against unsafe production settings: they
# cannot be silenced from the environment.
SILENCED_SYSTEM_CHECKS = [
    check
    for check in env_list("SILENCED_SYSTEM_CHECKS", "security.W005,security.W021")
    if not check.startswith("achterkant.")
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): only our own scripts, styles, images and fonts; no
# inline script or style, no plug-ins, no framing, forms only to ourselves. Path-scoped
# exceptions (the portal's SAML IdP, the admin, the demo's mock IdP) are in
# achterkant.conf.middleware.ContentSecurityPolicyMiddleware; docs/security.md explains them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# E-mail: in development a file per message under var/mail; production sets SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@achterkant.localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_INTERVAL_SECONDS = float(os.environ.get("WORKER_INTERVAL_SECONDS", "1"))
# /healthz answers 503 when the newest worker heartbeat is older than this, or missing.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_MAX_AGE_SECONDS", "120"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "5"))
# Notificaties API (docs/api-notificaties.md): delivery of notifications by the worker.
NOTIFICATIES_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIES_MAX_ATTEMPTS", "8"))
NOTIFICATIES_TIMEOUT_SECONDS = float(os.environ.get("NOTIFICATIES_TIMEOUT_SECONDS", "10"))
NOTIFICATIES_RETRY_BASE_SECONDS = float(os.environ.get("NOTIFICATIES_RETRY_BASE_SECONDS", "60"))
NOTIFICATIES_DISPATCH_INTERVAL_SECONDS = float(
    os.environ.get("NOTIFICATIES_DISPATCH_INTERVAL_SECONDS", "5")
)
# hoofdObject and resourceUrl are built without a request: this scheme and the
# organisation's first host name.
# How many callbacks the worker POSTs to at once (docs/notifications.md).
NOTIFICATIES_DELIVERY_THREADS = int(os.environ.get("NOTIFICATIES_DELIVERY_THREADS", "8"))
# Also send every notification to an external Notificaties API (Open Notificaties): its base
# URL (…/api/v1) and the client id and secret of a ZGW JWT there. Empty: off.
NOTIFICATIES_FORWARD_URL = os.environ.get("NOTIFICATIES_FORWARD_URL", "")
NOTIFICATIES_FORWARD_CLIENT_ID = os.environ.get("NOTIFICATIES_FORWARD_CLIENT_ID", "")
NOTIFICATIES_FORWARD_SECRET = os.environ.get("NOTIFICATIES_FORWARD_SECRET", "")

# Dwangsom bij niet tijdig beslissen (Awb 4:17): euro per day for days 1–14, 15–28 and
# 29–42. Set by regulation and indexed, so configurable.
AWB_PENALTY_DAILY_AMOUNTS = [
    int(a) for a in os.environ.get("AWB_PENALTY_DAILY_AMOUNTS", "23,35,45").split(",")
]

# One cache for every web process: the SAML library keeps the ids of the AuthnRequests it
# sent there, and the IdP's answer may reach another process. The table is made by a
# migration (worker 0002), so no extra service is needed.
# Several machines (docs/scaling.md, "Web"): CACHE_URL=redis://host:6379/0 puts the cache in
# Redis, through Django's own Redis backend, and sessions then in the cache with the
# database behind it (cached_db). Without CACHE_URL both stay in the database.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "achterkant",
        }
    }
elif CACHE_URL:
    raise ValueError(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "achterkant_cache",
        }
    }
# Each web process remembers which organisation a host name belongs to for this many
# seconds (0: it looks it up on every request). A change reaches the other processes within
# this time (docs/operations.md, "Organisations and host names").
TENANT_CACHE_SECONDS = int(os.environ.get("TENANT_CACHE_SECONDS", "30"))
SESSION_ENGINE = os.environ.get(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    # In the database, read together with the user (one query fewer per staff request).
    else "achterkant.staff.sessions",
)

# Citizens log in with DigiD. In demo and tests through the library's mock IdP, which must
# never run in production (`check --deploy` refuses it).
# The mock hands over any BSN: impossible without DEBUG, whatever the environment says.
DIGID_MOCK_REQUESTED = env_bool("DIGID_MOCK", DEBUG)
DIGID_MOCK = DIGID_MOCK_REQUESTED and DEBUG
DIGID_MOCK_APP_TITLE = "Mijn gemeente (testomgeving)"
DIGID_MOCK_IDP_VALIDATE_CALLBACK_URLS = True
# The mock IdP says nothing about how strongly someone logged in; demo log-ins get this
# level (basis, midden, substantieel or hoog), so products that need more are refused.
DIGID_MOCK_ASSURANCE = os.environ.get("DIGID_MOCK_ASSURANCE", "midden")
# eHerkenning has no mock in the library; ours is for development only and can never be
# on without DEBUG.
EHERKENNING_MOCK = env_bool("EHERKENNING_MOCK", DEBUG) and DEBUG
# Production DigiD asks for at least this level (the library has no field for it yet).
DIGID_REQUESTED_ASSURANCE = os.environ.get("DIGID_REQUESTED_ASSURANCE", "midden")
PORTAL_SESSION_IDLE_SECONDS = 15 * 60
# Warn the citizen this long before the idle session ends.
PORTAL_SESSION_WARNING_SECONDS = 2 * 60
# A form's answers kept over an expired session are dropped after this.
PORTAL_DRAFT_MAX_SECONDS = 60 * 60
# Staff sessions end after this long without activity, and after this long in any case.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", str(10 * 60 * 60)))
# Two-factor authentication of staff (docs/security.md, "Tweestapsverificatie"): every staff
# session passes a second factor (authenticator app, passkey or recovery code) before any
# desk, admin or staff page. Only for a development set-up without it: STAFF_TWO_FACTOR_REQUIRED=0.
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", True)
# Wrong codes are throttled per device: after n failures the next try waits factor * 2^(n-1) s.
OTP_TOTP_THROTTLE_FACTOR = int(os.environ.get("OTP_TOTP_THROTTLE_FACTOR", "1"))
OTP_STATIC_THROTTLE_FACTOR = int(os.environ.get("OTP_STATIC_THROTTLE_FACTOR", "1"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Achterkant")
# Passkeys (django-otp-webauthn) are a second factor only, never a log-in without password.
# The relying party is the organisation's own host name (each organisation has its own), and
# the helper accepts only the origin of the request's host, which ALLOWED_HOSTS and tenant
# resolution have already checked. OTP_WEBAUTHN_ALLOWED_ORIGINS adds origins to that.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID_CALLABLE = "achterkant.staff.twofactor.webauthn.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "achterkant.staff.twofactor.webauthn.relying_party_name"
OTP_WEBAUTHN_HELPER_CLASS = "achterkant.staff.twofactor.webauthn.WebAuthnHelper"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", "http://localhost" if DEBUG else "https://localhost"
)
# How links in e-mails are built from an organisation's host name.
PUBLIC_URL_TEMPLATE = os.environ.get("PUBLIC_URL_TEMPLATE", "https://{host}")
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media"))
PRIVATE_MEDIA_URL = "/private-media/"

# Who answers "who is this BSN?": the local register, or the Haal Centraal BRP API.
PERSON_LOOKUP = os.environ.get("PERSON_LOOKUP", "local")
BRP_API_URL = os.environ.get("BRP_API_URL", "")
BRP_API_KEY = os.environ.get("BRP_API_KEY", "")
BRP_TIMEOUT_SECONDS = float(os.environ.get("BRP_TIMEOUT_SECONDS", "5"))

MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: documents go through permission checks
# The free-text triage's trained models, one file per organisation (docs/triage.md).
TRIAGE_MODEL_DIR = os.environ.get("TRIAGE_MODEL_DIR", str(VAR_DIR / "triage"))
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# The Documenten API also takes these types, besides the desk's (docs/api-documenten.md);
# and the size of the parts a large file is uploaded in (bestandsdelen).
DOCUMENTEN_API_EXTRA_CONTENT_TYPES = [
    kind.strip()
    for kind in os.environ.get("DOCUMENTEN_API_EXTRA_CONTENT_TYPES", "text/plain").split(",")
    if kind.strip()
]
DOCUMENT_PART_BYTES = int(os.environ.get("DOCUMENT_PART_BYTES", str(4 * 1024 * 1024)))
# An office file (docx, odt) is a zip: refused when it would unpack to more than this.
DOCUMENT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("DOCUMENT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024))
)
# The virus scanner (ClamAV clamd, INSTREAM): a unix socket, or a host and port. Neither set:
# no scan. Set but unreachable: uploads are refused until it answers (fail closed).
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT_SECONDS = float(os.environ.get("CLAMD_TIMEOUT_SECONDS", "30"))

# Inbound e-mail (achterkant ingest-mail): the mailbox, and the limits past which a
# message goes to quarantine instead of becoming a contact.
MAIL_INTAKE_IMAP_HOST = os.environ.get("MAIL_INTAKE_IMAP_HOST", "")
MAIL_INTAKE_IMAP_SSL = env_bool("MAIL_INTAKE_IMAP_SSL", True)
MAIL_INTAKE_IMAP_PORT = int(
    os.environ.get("MAIL_INTAKE_IMAP_PORT", "993" if MAIL_INTAKE_IMAP_SSL else "143")
)
MAIL_INTAKE_IMAP_USER = os.environ.get("MAIL_INTAKE_IMAP_USER", "")
MAIL_INTAKE_IMAP_PASSWORD = os.environ.get("MAIL_INTAKE_IMAP_PASSWORD", "")
MAIL_INTAKE_IMAP_MAILBOX = os.environ.get("MAIL_INTAKE_IMAP_MAILBOX", "INBOX")
MAIL_INTAKE_MAX_BYTES = int(os.environ.get("MAIL_INTAKE_MAX_BYTES", str(25 * 1024 * 1024)))
MAIL_INTAKE_MAX_ATTACHMENTS = int(os.environ.get("MAIL_INTAKE_MAX_ATTACHMENTS", "20"))
# Mail-bomb limits, checked on the raw bytes before the message is parsed.
MAIL_INTAKE_MAX_PARTS = int(os.environ.get("MAIL_INTAKE_MAX_PARTS", "100"))
MAIL_INTAKE_MAX_DEPTH = int(os.environ.get("MAIL_INTAKE_MAX_DEPTH", "10"))
MAIL_INTAKE_MAX_HEADERS = int(os.environ.get("MAIL_INTAKE_MAX_HEADERS", "1000"))
# The authserv-ids of our own receiving mail server(s): only their Authentication-Results
# header (RFC 8601) can show that a sender is who From says; then the e-mail is linked to
# the person with that address. Empty (the production default) trusts none: an agent links
# every e-mail. The development default is the server the test messages name.
MAIL_INTAKE_TRUSTED_AUTHSERV_IDS = env_list(
    "MAIL_INTAKE_TRUSTED_AUTHSERV_IDS", "mx.gemeente-a.nl" if DEBUG else ""
)

# ZGW JWT (docs/api.md, "Autorisaties and tokens"): how far a client's clock may be off
# when iat and exp are checked. The standard's clients drift; at least 5 minutes.
ZGW_JWT_LEEWAY_SECONDS = max(300, int(os.environ.get("ZGW_JWT_LEEWAY_SECONDS", "300")))
# How long a token holds after its iat, whatever its exp says (Open Zaak: JWT_EXPIRY).
ZGW_JWT_MAX_AGE_SECONDS = int(os.environ.get("ZGW_JWT_MAX_AGE_SECONDS", "3600"))
# The token issuer of the VNG conformance suite (token-issuer_url): registers any
# application with any secret. Test and demo only; `check --deploy` refuses it.
ZGW_TOKEN_ISSUER_ENABLED = env_bool("ZGW_TOKEN_ISSUER_ENABLED", False)
# The Selectielijst / Referentielijsten API the Catalogi API checks selectielijstProcestype,
# selectielijstklasse and resultaattypeomschrijving URLs against (docs/api.md). The demo and
# the tests point it at a local stand-in with the VNG reference data.
SELECTIELIJST_API_URL = os.environ.get(
    "SELECTIELIJST_API_URL",
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/_referentielijsten/api/v1/"
    if DEMO_MODE
    else "https://selectielijst.openzaak.nl/api/v1/",
)
# How long a checked Selectielijst URL is trusted (seconds).
SELECTIELIJST_CACHE_SECONDS = int(os.environ.get("SELECTIELIJST_CACHE_SECONDS", "3600"))
# Other services whose resources an API caller may name by URL (a communicatiekanaal, a
# zaaktype of another catalogue), as base URLs separated by commas. Achterkant fetches a
# URL only under one of these (or the Selectielijst above), to tell a missing object
# (bad-url) from one of the wrong kind (invalid-resource); never an arbitrary host.
ZGW_TRUSTED_API_ROOTS = [
    root.strip() for root in os.environ.get("ZGW_TRUSTED_API_ROOTS", "").split(",") if root.strip()
]

# Uploads: refuse oversized requests before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # It logs every empty poll at INFO; our worker logs what matters.
        "django_tasks_db": {"level": "WARNING"},
    },
}
