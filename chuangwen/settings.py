"""Django settings for chuangwen, read from the environment (see docs/configuration.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chuangwen.lib.csp import policy as csp_policy
from chuangwen.lib.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "insecure-development-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set to a private value when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS hardening is on unless explicitly turned off (the local demo serves plain HTTP).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the site append to X-Forwarded-For (0: trust none, use the
# connection's address). With 1, the client is the last address the proxy appended.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "chuangwen.views.csrf_failure"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)

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
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "chuangwen.audit",
    "chuangwen.units",
    "chuangwen.indicators",
    "chuangwen.sites",
    "chuangwen.problems",
    "chuangwen.inspections",
    "chuangwen.assessment",
    "chuangwen.citizens",
    "chuangwen.circulars",
    "chuangwen.publicity",
    "chuangwen.apitokens",
    "chuangwen.dashboard",
    "chuangwen.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "chuangwen.lib.request_context.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chuangwen.units.twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chuangwen.lib.text.TextInputMiddleware",  # no control characters in fields; none in a path (404)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "chuangwen.lib.unavailable.DatabaseUnavailableMiddleware",  # last: a busy database is a 503
]

ROOT_URLCONF = "chuangwen.urls"
WSGI_APPLICATION = "chuangwen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chuangwen.lib.navigation.navigation",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL. SQLite serves one machine;
# more than one needs PostgreSQL (docs/configuration.md). A request waits at most
# DATABASE_LOCK_TIMEOUT seconds for another writer's lock (SQLite's busy timeout, PostgreSQL's
# lock_timeout), then answers 503 "try again" (chuangwen/lib/unavailable.py).
# DATABASE_STATEMENT_TIMEOUT (PostgreSQL, seconds, 0 = none) bounds one statement; scripts/serve.sh
# sets it for the web server only, so imports and migrations are not cut short.
DATABASE_LOCK_TIMEOUT = env_float("DATABASE_LOCK_TIMEOUT", 3.0)
DATABASE_STATEMENT_TIMEOUT = env_float("DATABASE_STATEMENT_TIMEOUT", 0.0)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chuangwen.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": DATABASE_LOCK_TIMEOUT,
    }
    DATABASES["default"]["TEST"] = (
        {"NAME": str(VAR_DIR / "test.sqlite3")} if env_bool("SQLITE_TEST_FILE", False) else {}
    )
else:
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (
        f"{_pg_options.get('options', '')} -c lock_timeout={int(DATABASE_LOCK_TIMEOUT * 1000)}"
        f" -c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
    ).strip()
    _pg_options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_chuangwen")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "chuangwen_cache"}}

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Every password a person sets (own change, the admin's create and reset) passes these.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "email", "phone")},
    },
    {"NAME": "chuangwen.units.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "chuangwen.units.passwords.ContainsAccountValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "chuangwen.units.passwords.ChineseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after repeated failures, and an address
# after AXES_ADDRESS_FAILURE_LIMIT failures over any usernames (password spraying) in the cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_HANDLER = "chuangwen.units.login_throttle.AddressAwareHandler"
AXES_CLIENT_IP_CALLABLE = "chuangwen.citizens.public_limits.client_address"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Second factor (TOTP, django-otp) for these roles (comma-separated Role values; empty: off).
# `make run` turns it off for the demo; docs/configuration.md says how to turn it on.
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", ["office_admin", "office_staff"])
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "文明城市创建管理平台")
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds before the next try after n failures: 1, 2, 4, 8, ...
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
XLSX_IMPORT_MAX_BYTES = env_int("XLSX_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 1_000_000)  # rows in one streamed XLSX export
UPLOAD_IMAGE_MAX_BYTES = env_int("UPLOAD_IMAGE_MAX_BYTES", 15 * 1024 * 1024)
UPLOAD_IMAGE_MAX_PIXELS = env_int("UPLOAD_IMAGE_MAX_PIXELS", 50_000_000)
UPLOAD_IMAGE_MAX_EDGE = env_int("UPLOAD_IMAGE_MAX_EDGE", 2560)
# An inspection recorded farther than this from its site is flagged (metres).
INSPECTION_DISTANCE_WARNING_M = env_int("INSPECTION_DISTANCE_WARNING_M", 300)
UPLOAD_DOCUMENT_MAX_BYTES = env_int("UPLOAD_DOCUMENT_MAX_BYTES", 30 * 1024 * 1024)

# Maps: with no tile server the map draws sites on a plain background.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
MAP_CENTER_LAT = env_float("MAP_CENTER_LAT", 30.60)
MAP_CENTER_LNG = env_float("MAP_CENTER_LNG", 114.30)

# Content-Security-Policy on every page (chuangwen/lib/csp.py): scripts from the site or with the
# request's nonce only; images from the site, data:, blob: and the tile server above.
CONTENT_SECURITY_POLICY = csp_policy(MAP_TILE_URL)

# The big screen (大屏, /overview/screen/) fetches its figures again every this many seconds.
DASHBOARD_SCREEN_REFRESH_SECONDS = env_int("DASHBOARD_SCREEN_REFRESH_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Open311 GeoReport v2 (/open311/v2/): the jurisdiction_id served (empty: accept any), and the
# discovery file's contact and key_service texts (empty: the built-in Chinese texts).
OPEN311_JURISDICTION = env_str("OPEN311_JURISDICTION", "")
OPEN311_CONTACT = env_str("OPEN311_CONTACT", "")
OPEN311_KEY_SERVICE = env_str("OPEN311_KEY_SERVICE", "")
# Status, points and tracking-code lookups on the public pages, per client address and minute.
CITIZEN_LOOKUPS_PER_MINUTE = env_int("CITIZEN_LOOKUPS_PER_MINUTE", 30)

# --- Notifications: SMS, email, the escalation loop (docs/notifications.md) -----------------
# SMS go through a pluggable backend class; the default appends each message to a log file.
SMS_BACKEND = env_str("SMS_BACKEND", "chuangwen.problems.delivery.LogFileSmsBackend")
SMS_LOG_FILE = Path(env_str("SMS_LOG_FILE", str(VAR_DIR / "sms.log")))
# The signature 【…】 a Chinese SMS gateway requires; empty: "【<city>文明办】" from the unit tree.
SMS_SIGNATURE = env_str("SMS_SIGNATURE", "")
# Put before page paths in SMS and email (e.g. https://cw.example.gov.cn); empty: paths only.
NOTIFICATION_BASE_URL = env_str("NOTIFICATION_BASE_URL", "").rstrip("/")
# Email: files under VAR_DIR/mail unless an SMTP server is configured (EMAIL_HOST).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chuangwen@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds between two runs of `manage.py escalate_overdue --loop` (and send_notifications --loop).
ESCALATION_LOOP_SECONDS = env_int("ESCALATION_LOOP_SECONDS", 60)
# Where `manage.py audit_anchor` sends each day's head hash of the audit chain (the 纪检 office,
# an outside timestamp service): email addresses, comma-separated; the office admins' inbox always.
AUDIT_ANCHOR_EMAILS = env_list("AUDIT_ANCHOR_EMAILS", [])
