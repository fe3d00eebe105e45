"""Settings for JPO Board, read from the environment.

Every value has a safe default except the secret key: with debug off and no
``DJANGO_SECRET_KEY`` the project refuses to start.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# The public site's root, for absolute links made outside a request (the CSV command).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development only."
        )
    # Debug only: a key that is useless anywhere else.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)

INSTALLED_APPS = [
    "jpoboard.apps.AdminConfig",  # Django's admin, asking every account for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "vacancies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jpoboard.urls"

TEMPLATES = [
    {
        "BACKEND": "jpoboard.template_backend.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "jpoboard.wsgi.application"


def database_from_environment():
    """PostgreSQL everywhere: ``DATABASE_URL=postgres://user@host:5432/name``, else the embedded server.

    Without ``DATABASE_URL`` the checkout runs its own PostgreSQL (``jpoboard/embedded_db.py``),
    so that development, tests and production share one database, one search and one set of triggers.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        from jpoboard import embedded_db

        database = embedded_db.start()
    else:
        database = dj_database_url.parse(url)
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(
                f"DATABASE_URL={url!r}: JPO Board runs on PostgreSQL only (its search, filters and CSV are "
                "kept by PostgreSQL triggers). Give a postgres:// URL, or unset DATABASE_URL to use the "
                "embedded PostgreSQL of the checkout."
            )
    database["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    database["CONN_HEALTH_CHECKS"] = True
    # The app's server-side cursors (the CSV's stream of ids) always read to the end: plan them for
    # the whole result, not for the first tenth (PostgreSQL's default). A filtered export's ids took a
    # nested loop over every listed vacancy (420 ms for country=KE) instead of a hash join (35 ms).
    options = database.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c cursor_tuple_fraction=1".strip()
    return database


DATABASES = {"default": database_from_environment()}


def cache_from_url(url):
    """``locmem://`` (default), ``redis://host:6379/0`` or ``dummy://`` (no caching)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "jpoboard"}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.removeprefix("locmem://") or "jpoboard",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL={url!r}: use locmem://, redis://host:port/db or dummy://")


CACHES = {"default": cache_from_url(os.environ.get("DJANGO_CACHE_URL", "locmem://"))}
# Seconds a rendered public page is kept; every write to the vacancies makes a new version anyway.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))

# Where the processes of this machine share the list's index (vacancies/listing.py): a folder only this
# user may write to, made when first needed. Empty: each process reads its own.
LISTING_INDEX_DIR = os.environ.get(
    "DJANGO_LISTING_INDEX_DIR", os.path.join(tempfile.gettempdir(), f"jpoboard-listing-index-{os.getuid()}")
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security: HTTPS, headers, login throttling, outages -------------------
# On by default in production. DJANGO_DEBUG=1 turns the HTTPS-only ones off for
# local development; each also has its own switch (README, "Security and
# operations") for a local or test server over plain http.
HTTPS_ONLY = not DEBUG

# Behind a TLS-terminating proxy (nginx, a load balancer) that SETS this header
# on every request, overwriting what the client sent. Without such a proxy a
# client could claim https: then switch it off with DJANGO_SECURE_PROXY_SSL_HEADER=0.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
# A load balancer's health probe may come over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A year; sent on https responses only. includeSubDomains and preload commit the
# whole domain to https: set DJANGO_SECURE_HSTS_SECONDS=0 before the first deploy if that is not so.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS_ONLY else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=HTTPS_ONLY)
# No JavaScript of ours reads either cookie (the admin sends the token from its forms).
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-csp: no inline script or style anywhere (the JSON-LD data block is not
# script). The admin alone also gets inline styles (jpoboard.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

INSTALLED_APPS += ["csp", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "jpoboard.middleware.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "jpoboard.middleware.DatabaseUnavailableMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes asks

# django-axes: after 5 failed logins for one username from one address, that
# pair is refused for 15 minutes (each further try restarts the wait), with the
# same page whether the account exists or not. A wrong second-factor code is a
# failed login too (jpoboard.admin_site.LoginForm).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And after 30 failures from one address, whatever the usernames (password spraying), that
# address is refused: axes has one limit for all its parameter sets, so this one is our
# handler's (jpoboard.throttle). Higher, so that one office behind one address is not
# locked out together by a few people's typos.
AXES_HANDLER = "jpoboard.throttle.AxesHandler"
LOGIN_FAILURES_PER_ADDRESS = 30
AXES_RESET_ON_SUCCESS = True
# Axes keeps each failed login's form data: never the password (always masked) nor the code,
# least of all a mistyped recovery code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The client's address: REMOTE_ADDR, or with DJANGO_PROXY_COUNT=N the address N
# proxies back in X-Forwarded-For (only trustworthy when exactly N proxies append to it).
AXES_CLIENT_IP_CALLABLE = "jpoboard.proxy.client_ip"
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# Seconds a client is asked to wait (Retry-After) while the database is unreachable.
OUTAGE_RETRY_AFTER = int(os.environ.get("DJANGO_OUTAGE_RETRY_AFTER", "30"))

# Second factor (django-otp): the name authenticator apps show beside the account, and no
# secret or QR code on the device admin pages (the commands print them once).
OTP_TOTP_ISSUER = "JPO Board"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
