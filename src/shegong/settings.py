"""One settings module, driven by environment variables (see README: 配置 / Configuration).

SQLite is the embedded default; DATABASE_URL switches to PostgreSQL. REDIS_URL switches the task
queue from SQLite storage to Redis.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from shegong.lib.env import database_from_url, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SHEGONG_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
TESTING = "pytest" in sys.modules or env_bool("SHEGONG_TESTING")

DEBUG = env_bool("SHEGONG_DEBUG", False)
_DEV_SECRET = "shegong-development-key-not-for-production-use-0123456789"
SECRET_KEY = env_str("SHEGONG_SECRET_KEY", _DEV_SECRET)
ALLOWED_HOSTS = env_list("SHEGONG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("SHEGONG_CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("SHEGONG_SITE_NAME", "社工")
# Printed on documents (QR codes for checking a petition or a certificate online).
PUBLIC_URL = env_str("SHEGONG_PUBLIC_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "shegong.web",
    "shegong.regions",
    "shegong.accounts",
    "shegong.workdays",
    "shegong.audit",
    "shegong.cases",
    "shegong.appeals",
    "shegong.petitions",
    "shegong.volunteers",
    "shegong.points",
    "shegong.api",
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
]

ROOT_URLCONF = "shegong.urls"
WSGI_APPLICATION = "shegong.wsgi.application"

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
                "shegong.web.context.shell",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if url:
        return database_from_url(url)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "shegong.sqlite3"),
        "OPTIONS": {
            # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
            # two writers queue on busy_timeout instead of failing half-way through.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # As for PostgreSQL: reopening the file for every request costs more than the request
        # (a fresh connection starts with an empty page cache; bench/bench_appeals.py).
        "CONN_MAX_AGE": 60,
        "TEST": {"NAME": env_str("SHEGONG_TEST_SQLITE", "") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SHEGONG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Login lockout: after LOGIN_MAX_FAILURES wrong passwords the account is locked for
# LOGIN_LOCK_MINUTES minutes.
LOGIN_MAX_FAILURES = env_int("SHEGONG_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("SHEGONG_LOGIN_LOCK_MINUTES", 15)

# SMS: a dotted path to a class implementing shegong.lib.sms.SmsBackend.
SMS_BACKEND = env_str(
    "SHEGONG_SMS_BACKEND",
    "shegong.lib.sms.MemorySmsBackend" if TESTING else "shegong.lib.sms.ConsoleSmsBackend",
)
SMS_CODE_MINUTES = env_int("SHEGONG_SMS_CODE_MINUTES", 5)

# Personal data protection: "intl" = AES-256-GCM + SHA-256, "sm" = SM4-GCM + SM3 (密评).
CRYPTO_SUITE = env_str("SHEGONG_CRYPTO_SUITE", "intl")
DATA_KEY = env_str(
    "SHEGONG_DATA_KEY", ""
)  # base64 of 32 random bytes; derived from SECRET_KEY if empty

# R21: "broad" moves a last day on any rest day (weekend or holiday); "narrow" only on a
# State Council holiday block.
DEADLINE_REST_DAY_POLICY = env_str("SHEGONG_DEADLINE_POLICY", "broad")

# 接诉即办 (R25, R28–R30): extensions allowed per order, hours until the follow-up is due,
# and the weights of the three rates (响应率/解决率/满意率) with the weight of 基本满意.
APPEAL_MAX_EXTENSIONS = env_int("SHEGONG_APPEAL_MAX_EXTENSIONS", 1)
APPEAL_FOLLOW_UP_HOURS = env_int("SHEGONG_APPEAL_FOLLOW_UP_HOURS", 48)
APPEAL_RATE_WEIGHTS = tuple(float(w) for w in env_list("SHEGONG_APPEAL_RATE_WEIGHTS", "10,50,40"))
APPEAL_PARTLY_SATISFIED_WEIGHT = float(env_str("SHEGONG_APPEAL_PARTLY_WEIGHT", "0.9"))
# Where the resident's region picker starts (a city or county code); a QR point's region wins.
APPEAL_HOME_REGION = env_str("SHEGONG_APPEAL_HOME_REGION", "445200000000")

# 志愿服务 (R40): cumulative confirmed service hours for 一星 … 五星, ascending, comma-separated.
VOLUNTEER_STAR_HOURS = tuple(
    int(h) for h in env_list("SHEGONG_VOLUNTEER_STAR_HOURS", "100,300,600,1000,1500")
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

REDIS_URL = env_str("REDIS_URL")
# The cache holds short-lived counters (tracking-code attempts); shared through Redis in production.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shegong"}
}
HUEY: dict[str, Any] = {
    "name": "shegong",
    "immediate": TESTING or env_bool("SHEGONG_TASKS_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": env_int("SHEGONG_WORKERS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "connection": {"url": REDIS_URL}})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "tasks.sqlite3")})

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SHEGONG_LOG_LEVEL", "INFO")},
    # Both narrate every step at INFO; only their warnings matter here.
    "loggers": {"huey": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
