"""Settings for chanjiao, driven by environment variables.

DATABASE_URL picks the database (SQLite under var/ when unset); CHANJIAO_SECRET_KEY,
CHANJIAO_DEBUG and CHANJIAO_ALLOWED_HOSTS do what their names say.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHANJIAO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("CHANJIAO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get(
    "CHANJIAO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = os.environ.get("CHANJIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

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
    "chanjiao.ingest",
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
    "django_htmx.middleware.HtmxMiddleware",
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

DATABASES = {
    # An empty DATABASE_URL means "unset": SQLite under var/.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'chanjiao.sqlite3'}",
        conn_max_age=int(os.environ.get("CHANJIAO_CONN_MAX_AGE", "0")),
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "chanjiao" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
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

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHANJIAO_LOG_LEVEL", "INFO")},
}

# News ingest refuses internal addresses (loopback, private, link-local, …) after resolving
# them; an operator lists internal hosts it may fetch anyway: host names, IP addresses or
# networks, comma-separated (e.g. "intranet.example.cn,10.20.0.0/16").
CHANJIAO_FETCH_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHANJIAO_FETCH_ALLOWED_HOSTS", "").split(",") if h.strip()
]
