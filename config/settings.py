"""Settings for chanjiao, driven by environment variables.

Production is the default: DEBUG is off unless ``CHANJIAO_DEBUG=1`` (development only).
DATABASE_URL picks the database (SQLite under var/ when unset); CHANJIAO_SECRET_KEY (else a
random key kept in ``VAR_DIR/secret_key``), CHANJIAO_ALLOWED_HOSTS, CHANJIAO_HTTPS and
CHANJIAO_BEHIND_PROXY are described in docs/deployment.md.
"""

import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHANJIAO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str) -> bool:
    """An on/off environment variable: 1, true, yes or on mean on; anything else off."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _stored_secret_key(path: Path) -> str:
    """The key kept in ``path``, created (mode 600) the first time.

    So a fresh clone's ``make run`` has a real secret without any set-up, and sessions survive
    restarts. Written to a temporary file and linked into place, so two processes starting at
    once agree on one key and no one ever reads a half-written file.
    """
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(get_random_secret_key())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            tmp.unlink()
    return path.read_text().strip()


#: Development only: tracebacks in the browser, static files from the app folders.
DEBUG = _flag("CHANJIAO_DEBUG")
#: Under pytest (or ``manage.py test``): static files without a manifest, see STORAGES.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
SECRET_KEY = os.environ.get("CHANJIAO_SECRET_KEY") or (
    # The well-known development key only ever signs a developer's own sessions.
    "dev-only-insecure-key-change-me-in-production-0123456789"
    if DEBUG
    else _stored_secret_key(VAR_DIR / "secret_key")
)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CHANJIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
#: Origins (scheme://host[:port]) allowed to post forms besides the site itself, e.g. when a
#: proxy serves the site under another name.
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CHANJIAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# --- behind TLS (CHANJIAO_HTTPS=1) and behind a reverse proxy (CHANJIAO_BEHIND_PROXY=1) -------
HTTPS = _flag("CHANJIAO_HTTPS")
BEHIND_PROXY = _flag("CHANJIAO_BEHIND_PROXY")
if BEHIND_PROXY:
    # Only behind a proxy that sets (and overwrites) X-Forwarded-Proto: otherwise a client
    # could claim https itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # One year, the value browsers' preload lists ask for; start lower with
    # CHANJIAO_HSTS_SECONDS=3600 while trying TLS out, since browsers remember it.
    SECURE_HSTS_SECONDS = int(os.environ.get("CHANJIAO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise about the whole registrable domain (a bureau's gov.cn name and
    # every host under it) that takes months to undo, so only its owner can make it:
    # CHANJIAO_HSTS_PRELOAD=1. Without it, check --deploy's reminder (W021) is silenced.
    SECURE_HSTS_PRELOAD = _flag("CHANJIAO_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",  # sign-in rate limit
    "django_tasks",
    "django_tasks_db",
    "django_rq",  # the Redis queue (django-tasks-rq), when CHANJIAO_TASKS_BACKEND chooses it
    "ninja",  # serves its bundled swagger-ui from static files: API docs work offline
    "chanjiao.core",
    "chanjiao.accounts",
    "chanjiao.registry",
    "chanjiao.events",
    "chanjiao.cooperation",
    "chanjiao.talent",
    "chanjiao.sharing",
    "chanjiao.golds",
    "chanjiao.ingest",
    "chanjiao.reports",
    "chanjiao.governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: a body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413.
    "chanjiao.core.errors.RequestTooLargeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside the language: a method an /api/ path does not take answers 405 in the API's shape.
    "chanjiao.core.errors.ApiMethodNotAllowedMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A sign-in opens the platform in the language the user keeps (chanjiao.accounts.language).
    "chanjiao.accounts.language.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A view that meets a locked database answers 503 with Retry-After, not 500.
    "chanjiao.core.errors.DatabaseBusyMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the login page with the reason.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

_DATABASE_URL = os.environ.get("DATABASE_URL") or ""
DATABASES = {
    # An empty DATABASE_URL means "unset": SQLite under var/.
    "default": dj_database_url.parse(
        _DATABASE_URL or f"sqlite:///{VAR_DIR / 'chanjiao.sqlite3'}",
        # A web or worker process keeps its PostgreSQL connection for a minute instead of
        # opening one per request (checked before reuse); SQLite opens a file, nothing to keep.
        conn_max_age=int(
            os.environ.get(
                "CHANJIAO_CONN_MAX_AGE", "60" if _DATABASE_URL.startswith("postgres") else "0"
            )
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the job worker write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too (not shared-cache memory), so concurrent writers queue on the
    # busy timeout exactly as they do in production instead of failing with "table is locked".
    # Named per process so two test runs never share (and destroy) one file.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"chanjiao-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every real account's password passes Django's full set (createuser, the API, the pages);
# only the demo's labelled sign-ins skip it (chanjiao.demo.loader).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a locked-out sign-in before the password is checked.
    "chanjiao.core.errors.SignInRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in rate limit (django-axes): 5 wrong passwords for one user name from one address lock
# that pair out for 15 minutes; API tokens are not passwords and are never counted.
AXES_FAILURE_LIMIT = int(os.environ.get("CHANJIAO_SIGNIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CHANJIAO_SIGNIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chanjiao.core.errors.signin_locked_out"
AXES_CLIENT_IP_CALLABLE = "chanjiao.core.errors.client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "chanjiao" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# In production static files are compressed and named by their hash (cached for ever by
# browsers); `chanjiao serve` runs collectstatic when the manifest is missing or stale. In
# development (DEBUG) and under the tests there is no collectstatic step, so the plain storage
# serves files by their own names from the app folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
# A refused form post (a stale page, cookies off) explains itself in the product's layout.
CSRF_FAILURE_VIEW = "chanjiao.core.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Background jobs: the database queue by default; Redis (django-tasks-rq) for several worker
# machines with CHANJIAO_TASKS_BACKEND=django_tasks_rq.RQBackend and CHANJIAO_REDIS_URL.
# `chanjiao worker` runs the worker of whichever backend is configured.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CHANJIAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
REDIS_URL = os.environ.get("CHANJIAO_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL,
        # A member import of many thousand rows may run long: RQ's 3-minute default would
        # kill it. Seconds; the jobs' own leases find workers that really died.
        "DEFAULT_TIMEOUT": int(os.environ.get("CHANJIAO_JOB_TIMEOUT", str(6 * 3600))),
    }
}
# A running job beats its lease every HEARTBEAT seconds; a job whose task no longer waits in
# the queue and that showed no sign of life for LEASE seconds is recovered; after
# MAX_RECOVERIES recoveries it ends failed with its reason (chanjiao.core.jobs).
CHANJIAO_JOB_HEARTBEAT_SECONDS = float(os.environ.get("CHANJIAO_JOB_HEARTBEAT_SECONDS", "10"))
CHANJIAO_JOB_LEASE_SECONDS = float(os.environ.get("CHANJIAO_JOB_LEASE_SECONDS", "60"))
CHANJIAO_JOB_MAX_RECOVERIES = int(os.environ.get("CHANJIAO_JOB_MAX_RECOVERIES", "3"))
# The job workers queue the daily routines themselves (chanjiao.operations.DAILY: agreements
# by date at 00:05, the bookings' day-before reminders at 18:00, site time), once a day among
# them all; 0 when cron runs the management commands instead (docs/deployment.md).
CHANJIAO_DAILY = os.environ.get("CHANJIAO_DAILY", "1") != "0"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded .xlsx files are refused before anything parses them (chanjiao.core.xlsx.check_xlsx):
# the file's size, its unpacked size and per-member compression ratio (zip bombs), its rows.
# Exports stop at EXPORT_MAX_ROWS rows (chanjiao.core.listing). docs/deployment.md.
CHANJIAO_XLSX_MAX_BYTES = int(os.environ.get("CHANJIAO_XLSX_MAX_BYTES", str(10 * 1024 * 1024)))
CHANJIAO_XLSX_MAX_UNCOMPRESSED = int(
    os.environ.get("CHANJIAO_XLSX_MAX_UNCOMPRESSED", str(64 * 1024 * 1024))
)
CHANJIAO_XLSX_MAX_RATIO = int(os.environ.get("CHANJIAO_XLSX_MAX_RATIO", "200"))
CHANJIAO_XLSX_MAX_ROWS = int(os.environ.get("CHANJIAO_XLSX_MAX_ROWS", "20000"))
CHANJIAO_EXPORT_MAX_ROWS = int(os.environ.get("CHANJIAO_EXPORT_MAX_ROWS", "100000"))

# E-mail (reminders of the yearly collection): written to the log by default; sent through an
# SMTP server when CHANJIAO_EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("CHANJIAO_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("CHANJIAO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CHANJIAO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CHANJIAO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_PORT == 587 or _flag("CHANJIAO_EMAIL_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("CHANJIAO_EMAIL_FROM", "chanjiao@localhost")
#: The site's public address (https://chanjiao.example.cn), for links in mails written outside a
#: request (a waitlist promotion's ticket link); a request's own address is used when there is one.
CHANJIAO_SITE_URL = os.environ.get("CHANJIAO_SITE_URL", "").strip().rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHANJIAO_LOG_LEVEL", "INFO")},
    # The PDF and chart libraries narrate every step at INFO: only their warnings.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "matplotlib", "PIL")
    },
}

# News ingest refuses internal addresses (loopback, private, link-local, …) after resolving
# them; an operator lists internal hosts it may fetch anyway: host names, IP addresses or
# networks, comma-separated (e.g. "intranet.example.cn,10.20.0.0/16").
CHANJIAO_FETCH_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHANJIAO_FETCH_ALLOWED_HOSTS", "").split(",") if h.strip()
]
