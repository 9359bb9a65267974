"""Django settings for Teilhabe: one module, driven by environment variables.

`teilhabe up` sets TEILHABE_DATA_DIR; everything else has a safe default for a local,
single-machine installation. TEILHABE_ENV=production switches on HTTPS-only cookies and headers.
"""

import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

from teilhabe.dburl import database_from_url, shared_cache

# Django's generic classes take type arguments at run time, as mypy wants them written:
# `forms.ModelForm[Event]`, `admin.ModelAdmin[District]`.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [v.strip() for v in value.split(",") if v.strip()] if value else default


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_int(name: str, default: int, minimum: int = 1) -> int:
    value = env_str(name)
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number >= {minimum}, not {value!r}")
    return int(value)


def env_networks(name: str, default: list[str]) -> list[str]:
    """Comma-separated networks in CIDR notation (10.0.0.0/8, ::1/128; a bare address is one
    host), normalised."""
    networks = []
    for value in env_list(name, default):
        try:
            networks.append(str(ipaddress.ip_network(value, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not a network such as 10.0.0.0/8"
            ) from exc
    return networks


def env_file(name: str) -> str:
    """A path to a readable file, or "" when unset."""
    value = env_str(name)
    if value and not os.access(value, os.R_OK):
        raise ImproperlyConfigured(f"{name}: cannot read the file {value!r}")
    return value


DATA_DIR = Path(os.environ.get("TEILHABE_DATA_DIR", "var")).resolve()
ENVIRONMENT = os.environ.get("TEILHABE_ENV", "local")
if ENVIRONMENT not in {"local", "production", "test"}:
    raise ImproperlyConfigured("TEILHABE_ENV must be local, production or test")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("TEILHABE_DEBUG", False)


def _secret_key() -> str:
    """Read the key from the environment or from the data directory, creating it once.

    Keeping it in the data directory means sessions survive a restart without the coordinator
    having to configure anything."""
    if key := os.environ.get("TEILHABE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    if PRODUCTION:
        raise ImproperlyConfigured("TEILHABE_SECRET_KEY must be set in production")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("TEILHABE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("TEILHABE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "teilhabe.core.apps.InstallationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks_db",
    "simple_history",
    "teilhabe.core",
    "teilhabe.accounts",
    "teilhabe.regions",
    "teilhabe.inventory",
    "teilhabe.allocation",
    "teilhabe.placement",
    "teilhabe.surveys",
    "teilhabe.network",
    "teilhabe.events",
    "teilhabe.actionplan",
    "teilhabe.peers",
    "teilhabe.api",
    "teilhabe.reports",
    "teilhabe.directory",
    "teilhabe.tasklist",
    "teilhabe.digest",
]

MIDDLEWARE = [
    # First: its request id, timing, log line and metrics cover every answer, redirects too.
    "teilhabe.core.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "teilhabe.core.locale.LocaleMiddleware",  # public pages: the URL's language (its doc)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "teilhabe.urls"
WSGI_APPLICATION = "teilhabe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teilhabe.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("TEILHABE_DATABASE_URL", ""), DATA_DIR / "teilhabe.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# What access is scoped by (core/scoping.py); named here, like the user model, so that core
# imports no app.
DISTRICT_MODEL = "regions.District"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first: it refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The number of reverse proxies in front of Teilhabe that append to X-Forwarded-For (README).
# 0: the TCP peer is the client. Used for login throttling and the audit log (core/net.py).
TEILHABE_TRUSTED_PROXIES = env_int("TEILHABE_TRUSTED_PROXIES", 0, minimum=0)

# Failed logins: after 5 failures for the same user name from the same address, lock for 15
# minutes. Keyed on both so one attacker cannot lock every coordinator out: the user keeps
# logging in from their own address. The address is the real client's, behind the configured
# proxies, and cannot be chosen by the attacker (core/net.py).
AXES_FAILURE_LIMIT = 5
AXES_CLIENT_IP_CALLABLE = "teilhabe.core.net.client_ip"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def env_ldap_uris(name: str) -> list[str]:
    """One URI, or several separated by spaces (tried in turn)."""
    uris = env_str(name).split()
    for uri in uris:
        parts = urlsplit(uri)
        try:
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if (
            parts.scheme not in {"ldap", "ldaps"}
            or not parts.hostname
            or parts.path not in {"", "/"}
            or not port_ok
        ):
            raise ImproperlyConfigured(
                f"{name} must look like ldap://host:389 or ldaps://host:636, not {uri!r}"
            )
    return uris


def env_ldap_dn(name: str, required: bool, upn_ok: bool = False) -> str:
    """A distinguished name; with upn_ok (a bind account) also user@domain, as AD takes it."""
    import ldap.dn

    value = env_str(name)
    if not value and not required:
        return value
    if not (value and ldap.dn.is_dn(value)) and not (upn_ok and "@" in value):
        raise ImproperlyConfigured(f"{name} must be a DN such as dc=kreis,dc=example: {value!r}")
    return value


def env_ldap_filter(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        valid = "%(user)s" in value and bool(value % {"user": "x"})
    except (KeyError, ValueError, TypeError):
        valid = False
    if not (valid and value.startswith("(") and value.endswith(")")):
        raise ImproperlyConfigured(f"{name} must be an LDAP filter with %(user)s, not {value!r}")
    return value


def env_ldap_attribute(name: str, default: str) -> str:
    value = env_str(name, default)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", value):
        raise ImproperlyConfigured(f"{name} must be an attribute name such as mail, not {value!r}")
    return value


def ldap_settings() -> dict[str, object]:
    """Login against the district's directory (LDAP / Active Directory), switched on by
    TEILHABE_LDAP_URI: the django-auth-ldap settings and the backends, or {} while it is unset.

    The directory says who someone is; roles are still given in Teilhabe (accounts/ldap.py has
    the rules). Read here, so a wrong value stops the start instead of failing a login."""
    uris = env_ldap_uris("TEILHABE_LDAP_URI")
    if not uris:
        return {}
    try:
        import ldap
        from django_auth_ldap.config import LDAPSearch
    except ImportError as exc:
        raise ImproperlyConfigured(
            "TEILHABE_LDAP_URI is set, but django-auth-ldap is not installed: ./teilhabe "
            "installs the `ldap` extra on its next start, or run pip install -e '.[ldap]'"
        ) from exc
    start_tls = env_bool("TEILHABE_LDAP_START_TLS", False)
    plain = [uri for uri in uris if uri.startswith("ldap://")]
    if start_tls and len(plain) < len(uris):
        raise ImproperlyConfigured("TEILHABE_LDAP_START_TLS is for ldap:// URIs; ldaps:// is TLS")
    if PRODUCTION and not start_tls and any(urlsplit(u).hostname not in LOOPBACK for u in plain):
        raise ImproperlyConfigured(
            "TEILHABE_LDAP_URI: ldap:// without TLS would send passwords over the network "
            "unencrypted; use ldaps:// or set TEILHABE_LDAP_START_TLS=1"
        )
    bind_dn = env_ldap_dn("TEILHABE_LDAP_BIND_DN", required=False, upn_ok=True)
    bind_password = os.environ.get("TEILHABE_LDAP_BIND_PASSWORD", "")
    if bind_dn and not bind_password:
        raise ImproperlyConfigured("TEILHABE_LDAP_BIND_DN needs TEILHABE_LDAP_BIND_PASSWORD")
    attributes = {
        "first_name": env_ldap_attribute("TEILHABE_LDAP_ATTR_FIRST_NAME", "givenName"),
        "last_name": env_ldap_attribute("TEILHABE_LDAP_ATTR_LAST_NAME", "sn"),
        "email": env_ldap_attribute("TEILHABE_LDAP_ATTR_EMAIL", "mail"),
    }
    search = LDAPSearch(
        env_ldap_dn("TEILHABE_LDAP_USER_BASE", required=True),
        ldap.SCOPE_SUBTREE,
        env_ldap_filter("TEILHABE_LDAP_USER_FILTER", "(uid=%(user)s)"),
        list(attributes.values()),
    )
    timeout = env_int("TEILHABE_LDAP_TIMEOUT", 5)
    # Referrals off: Active Directory answers searches at the domain root with referrals that
    # python-ldap would follow without credentials.
    options: dict[int, object] = {
        ldap.OPT_REFERRALS: 0,
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
        ldap.OPT_X_TLS_REQUIRE_CERT: ldap.OPT_X_TLS_DEMAND,
    }
    if ca_file := env_file("TEILHABE_LDAP_CA_FILE"):
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # last: a TLS context of this connection's own
    return {
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",  # first: it refuses locked-out logins
            "teilhabe.accounts.ldap.DirectoryBackend",
            "django.contrib.auth.backends.ModelBackend",  # local accounts such as admin
        ],
        "AUTH_LDAP_SERVER_URI": " ".join(uris),
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_BIND_DN": bind_dn,
        "AUTH_LDAP_BIND_PASSWORD": bind_password,
        "AUTH_LDAP_USER_SEARCH": search,
        "AUTH_LDAP_USER_ATTR_MAP": attributes,
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,  # name and e-mail follow the directory
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        # The directory matches names case-insensitively; so must the lockout count.
        "AXES_USERNAME_CALLABLE": "teilhabe.accounts.ldap.lockout_username",
    }


# With TEILHABE_LDAP_URI set: AUTH_LDAP_*, three backends and the lockout's user name.
globals().update(ldap_settings())

LANGUAGE_CODE = "de"
# Every language of the public directory (Wegweiser); the internal pages offer the first two
# (core/locale.py). Persian ("fa") stands for Dari too: README, "Languages of the Wegweiser".
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ar", "العربية"),
    ("fa", "دری / فارسی"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
]
TEILHABE_INTERNAL_LANGUAGES = ["de", "en"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploads and the PDFs Teilhabe makes: in the database on PostgreSQL, where every node reads
# them and a backup holds them (core/storage.py; README "Running for a whole Land"); in
# MEDIA_ROOT on SQLite, an installation of one machine.
ON_POSTGRESQL = DATABASES["default"]["ENGINE"].endswith("postgresql")
STORAGES = {
    "default": {
        "BACKEND": "teilhabe.core.storage.DatabaseStorage"
        if ON_POSTGRESQL
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if ENVIRONMENT != "test"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# The PDFs' fonts, converted once from the browser's WOFF2 files (reports/rendering.py).
FONT_DIR = DATA_DIR / "fonts"
# A file given as the answer to a questionnaire's file or image question may be this large.
TEILHABE_SURVEY_FILE_MAX_MB = env_int("TEILHABE_SURVEY_FILE_MAX_MB", 10)
WHITENOISE_USE_FINDERS = ENVIRONMENT == "test"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The pages of the public directory are the same for every visitor: they are kept, rendered, in
# a cache shared by all worker processes and hosts, the database (its table is made by the
# migration directory/0002 and `setup_instance`). A change of a district's public data gives it
# a new key at once (directory/caching.py); entries of old keys expire or are culled.
# Each process also keeps the pages it served last in its memory ("process"), so that a page
# served again costs one query (the district's stamp, which is read for every page), not two.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "teilhabe_cache",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    },
    "process": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "teilhabe-process",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4},  # pages of ≤ 64 KiB: ≤ 32 MiB
    },
}
# TEILHABE_CACHE_URL=redis://host:6379/0 (or valkey://…) puts the shared cache in Redis or
# Valkey instead (README "Running for a whole Land"); the database cache needs nothing more.
CACHE_URL = os.environ.get("TEILHABE_CACHE_URL", "")
if CACHE_URL:
    CACHES["default"] = shared_cache(CACHE_URL, CACHES["default"])

# E-mail (Django 6.1 mailers): SMTP in production, the console elsewhere unless configured.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "TEILHABE_EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION or os.environ.get("TEILHABE_SMTP_HOST")
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {
            "host": os.environ.get("TEILHABE_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("TEILHABE_SMTP_PORT", "587")),
            "username": os.environ.get("TEILHABE_SMTP_USER", ""),
            "password": os.environ.get("TEILHABE_SMTP_PASSWORD", ""),
            "use_tls": env_bool("TEILHABE_SMTP_TLS", True),
        }
        if PRODUCTION or os.environ.get("TEILHABE_SMTP_HOST")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("TEILHABE_FROM_EMAIL", "teilhabe@localhost")

# Headers and cookies. Always on: no sniffing, no framing, strict referrers, HttpOnly session.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy: scripts, styles, fonts and images only from our own origin (icons of
# KERN's stylesheet are data: URIs). Nothing inline: no <script> or <style> blocks, no style=
# or on...= attributes (htmx's indicator styles are switched off in base.html), so no
# 'unsafe-inline' and no nonces; core/tests/test_csp.py scans the templates for them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
# Behind HTTPS (production) everything else that `check --deploy` asks for.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("TEILHABE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs on standard error. "json": one JSON object a line (core/ops/logs.py), for the log
# collector of a production installation; "text": lines for a person at a terminal. Either way
# one line per request and per background task run (teilhabe.request, teilhabe.task), without
# personal data (README, "Operations").
TEILHABE_LOG_FORMAT = env_str("TEILHABE_LOG_FORMAT", "json" if PRODUCTION else "text")
if TEILHABE_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(
        f"TEILHABE_LOG_FORMAT must be json or text, not {TEILHABE_LOG_FORMAT!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "teilhabe.core.ops.logs.JsonFormatter"},
        "text": {"()": "teilhabe.core.ops.logs.TextFormatter"},
    },
    "filters": {"redact": {"()": "teilhabe.core.ops.logs.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": TEILHABE_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "teilhabe.request": {"level": "INFO"},
        "teilhabe.task": {"level": "INFO"},
        "django.request": {"filters": ["redact"]},  # "Not Found: <path with a link's key>"
    },
}

# Who may read /metrics/ (core/ops/metrics.py): clients from these networks (the client address
# as core/net.py finds it, behind TEILHABE_TRUSTED_PROXIES), or whoever sends
# `Authorization: Bearer <TEILHABE_METRICS_TOKEN>`. Everyone else gets 404.
TEILHABE_METRICS_ALLOW = env_networks("TEILHABE_METRICS_ALLOW", ["127.0.0.1/32", "::1/128"])
TEILHABE_METRICS_TOKEN = env_str("TEILHABE_METRICS_TOKEN")
if TEILHABE_METRICS_TOKEN and len(TEILHABE_METRICS_TOKEN) < 24:
    raise ImproperlyConfigured("TEILHABE_METRICS_TOKEN must be at least 24 characters long")
# Load balancers and the metrics scraper may ask a node directly over HTTP; their answers carry
# no cookies and nothing a user sent.
SECURE_REDIRECT_EXEMPT = [r"^(health|ready|metrics)/$"]

# API: requests per token and minute (counted in the database across workers and hosts).
TEILHABE_API_RATE_PER_MINUTE = int(os.environ.get("TEILHABE_API_RATE_PER_MINUTE", "600"))

# Task workers on several hosts (core/leases.py): a worker that has not beaten its heartbeat for
# this many seconds is lost, and another worker takes over its task, at most this many runs.
TEILHABE_TASK_LEASE_SECONDS = float(os.environ.get("TEILHABE_TASK_LEASE_SECONDS", "60"))
TEILHABE_TASK_MAX_ATTEMPTS = int(os.environ.get("TEILHABE_TASK_MAX_ATTEMPTS", "3"))
# Scheduled work (core/schedule.py): the daily jobs run from this hour (local time) on; the
# address users open Teilhabe at, for the links in scheduled mails (digests need it).
TEILHABE_SCHEDULE_HOUR = int(os.environ.get("TEILHABE_SCHEDULE_HOUR", "6"))
TEILHABE_BASE_URL = os.environ.get("TEILHABE_BASE_URL", "")
