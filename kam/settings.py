"""KAM settings: one module, configured only through ``KAM_*`` environment variables.

Every value is typed and parsed by :mod:`environs`; a wrong value stops start-up with a
message naming the variable. Nothing secret lives in git: without ``KAM_SECRET_KEY`` a
random key is generated once and kept in ``KAM_DATA_DIR/secret_key``.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = Env(prefix="KAM_", eager=True)
env.read_env(str(BASE_DIR / ".env"), recurse=False)

DATA_DIR = Path(env.path("DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Return ``KAM_SECRET_KEY`` or a key generated once per data directory."""
    configured: str = env.str("SECRET_KEY", "")
    if configured:
        if len(configured) < 50:
            raise ValueError("KAM_SECRET_KEY must be at least 50 characters long.")
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG: bool = env.bool("DEBUG", False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", [])

# Behind a TLS-terminating proxy set KAM_HTTPS=true: secure cookies, HSTS, redirects.
HTTPS: bool = env.bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading HSTS binds the whole domain to HTTPS in browsers for good: a deliberate opt-in.
SECURE_HSTS_PRELOAD: bool = env.bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_AGE_SECONDS", 60 * 60 * 12)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_countries",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "kam.core",
    "kam.users",
    "kam.accounts",
    "kam.contacts",
    "kam.products",
    "kam.orders",
    "kam.imports",
    "kam.portfolio",
    "kam.plans",
    "kam.jobs",
    "kam.notifications",
    "kam.reminders",
    "kam.calendars",
    "kam.activities",
    "kam.tasks",
    "kam.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kam.urls"
WSGI_APPLICATION = "kam.wsgi.application"
ASGI_APPLICATION = "kam.asgi.application"

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
                "csp.context_processors.nonce",
                "kam.core.context_processors.kam",
            ],
        },
    }
]

# Database: SQLite in the data directory by default, PostgreSQL via KAM_DATABASE_URL.
DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'kam.sqlite3'}",
        conn_max_age=env.int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ValueError("KAM_DATABASE_URL must be a sqlite:// or postgresql:// URL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:list"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the signed-in user of every request with one plain query.
    "kam.users.backends.KamModelBackend",
]
# Django's database sessions, read with one plain query.
SESSION_ENGINE = "kam.users.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: lock a username+IP pair for a while, never forever.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("LOGIN_THROTTLING", True)

LANGUAGE_CODE = env.str("LANGUAGE", "en")
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
CURRENCY = env.str("CURRENCY", "EUR")

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_MB", 200) * 1024 * 1024

CACHES = {
    "default": (
        env.dj_cache_url("CACHE_URL")
        if env.str("CACHE_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kam.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kam.core.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KAM API",
    "DESCRIPTION": "REST API of KAM, the open-source key account management system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DepartmentEnum": "kam.users.choices.Department",
        "ContactDepartmentEnum": "kam.contacts.choices.ContactDepartment",
        "TierEnum": "kam.accounts.choices.Tier",
        "KindEnum": "kam.portfolio.choices.RunKind",
        "PlanStatusEnum": "kam.plans.choices.PlanStatus",
        "MeasureStatusEnum": "kam.plans.choices.MeasureStatus",
        "SwotKindEnum": "kam.plans.choices.SwotKind",
        "WhitespaceStatusEnum": "kam.plans.choices.WhitespaceStatus",
        "PlanChangeKindEnum": ["added", "removed", "changed"],
        "ActivityKindEnum": "kam.activities.choices.ActivityKind",
        "TaskPriorityEnum": "kam.tasks.choices.TaskPriority",
    },
}


def _email_settings() -> dict[str, object]:
    """Outgoing mail from ``KAM_EMAIL_*`` (the older ``KAM_SMTP_*``/``KAM_MAIL_FROM`` names still count).

    An empty ``KAM_EMAIL_HOST`` turns e-mail off (reminders then only reach the app).
    """
    host: str = env.str("EMAIL_HOST", None) or env.str("SMTP_HOST", "")
    port: int = env.int("EMAIL_PORT", None) or env.int("SMTP_PORT", 0)
    use_tls: bool = env.bool("EMAIL_TLS", None) or env.bool("SMTP_STARTTLS", False)
    use_ssl: bool = env.bool("EMAIL_SSL", None) or env.bool("SMTP_SSL", False)
    if use_tls and use_ssl:
        raise ValueError("KAM_EMAIL_TLS (STARTTLS) and KAM_EMAIL_SSL (implicit TLS) exclude each other: set one.")
    port = port or (465 if use_ssl else 587 if use_tls else 25)
    if not 1 <= port <= 65535:
        raise ValueError(f"KAM_EMAIL_PORT must be a port number from 1 to 65535, not {port}.")
    sender: str = env.str("EMAIL_FROM", None) or env.str("MAIL_FROM", "kam@localhost")
    address = sender.rsplit("<", 1)[-1].rstrip(">").strip()
    if "@" not in address or any(c.isspace() for c in address):
        raise ValueError(f"KAM_EMAIL_FROM must be an e-mail address like KAM <kam@example.com>, not {sender!r}.")
    timeout: int = env.int("EMAIL_TIMEOUT", 20)
    if timeout <= 0:
        raise ValueError("KAM_EMAIL_TIMEOUT must be a positive number of seconds.")
    return {
        "EMAIL_HOST": host,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": env.str("EMAIL_USER", None) or env.str("SMTP_USER", ""),
        "EMAIL_HOST_PASSWORD": env.str("EMAIL_PASSWORD", None) or env.str("SMTP_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "DEFAULT_FROM_EMAIL": sender,
        "EMAIL_TIMEOUT": timeout,
    }


_email = _email_settings()
EMAIL_HOST = str(_email["EMAIL_HOST"])
EMAIL_PORT = int(str(_email["EMAIL_PORT"]))
EMAIL_HOST_USER = str(_email["EMAIL_HOST_USER"])
EMAIL_HOST_PASSWORD = str(_email["EMAIL_HOST_PASSWORD"])
EMAIL_USE_TLS = bool(_email["EMAIL_USE_TLS"])
EMAIL_USE_SSL = bool(_email["EMAIL_USE_SSL"])
EMAIL_TIMEOUT = int(str(_email["EMAIL_TIMEOUT"]))
DEFAULT_FROM_EMAIL = str(_email["DEFAULT_FROM_EMAIL"])
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_ENABLED = bool(EMAIL_HOST)
# The address users reach KAM at, for links in e-mails (no trailing slash).
SITE_URL: str = env.url("SITE_URL", urlsplit("http://127.0.0.1:8000")).geturl().rstrip("/")  # type: ignore[call-overload]

LOG_LEVEL = env.log_level("LOG_LEVEL", logging.INFO)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "kam.core.log_handlers.StderrHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
