"""The portal's one settings module.

Every value that differs between a laptop and production is read from the environment;
the defaults are the embedded set-up (SQLite, huey on SQLite, console e-mail) that
`make run` and `make test` use. The README lists the production environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo sign-ins exist only where this is on (make run); never in production.
DEMO_MODE = env_bool("DEMO_MODE", False)

INSTALLED_APPS = [
    # the portal's platform
    "portal",
    "portal.accounts",
    "portal.audit",
    "portal.frameworks",
    "portal.notifications",
    "portal.documents",
    # content and domain apps
    "cms",
    "handbook",
    "codesign",
    "pilots",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django and friends
    "huey.contrib.djhuey",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.pagecache.AnonymousPageCacheMiddleware",
    "portal.pagecache.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.AdminContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.SessionLifetimeMiddleware",
    "portal.accounts.middleware.RequireTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
                "cms.context_processors.site_links",
                "pilots.context_processors.pilots_navigation",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the huey consumer read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

# Job queue: huey on SQLite by default, on Redis when REDIS_URL is set. Never "immediate"
# here: the tests switch that on themselves (tests/conftest.py).
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "portal",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "portal",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# What anonymous visitors see is cached whole (portal/pagecache.py) for this long, and
# forgotten as soon as anything in PAGE_CACHE_CONTENT_APPS is saved or deleted (a publish).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "900"))
# The bound, whatever URLs anyone makes up: at most PAGE_CACHE_MAX_ENTRIES pages are stored in
# any PAGE_CACHE_SECONDS, each of at most PAGE_CACHE_MAX_BYTES (larger ones are served uncached),
# so at most 2 x 2,000 x 128 KB = 512 MB (plus about 1 KB of headers each) are kept at once.
# The portal's pages weigh 3-65 KB (median 5 KB): in practice a few MB per generation of content.
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "2000"))
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(128 * 1024)))

# Caches: Redis when it is there (shared by every worker), else file caches under var/ that
# every process on the machine shares, so clearing them on publish reaches them all.
# - "default" holds small state that must never be pushed out: allauth's rate-limit counters
#   and used two-factor codes (allauth uses only the default cache), the contact form's
#   counters, and the page cache's generation number.
# - "pages" holds the anonymous page cache and fragments of public pages. Anyone can make it
#   grow, so it is bounded (above) and kept apart: no flood of pages can evict a counter.
# Several portals (or test runs) can share one Redis database apart by CACHE_KEY_PREFIX.
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "portal")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Its files outlive their expiry until culled: a third go whenever it holds this many.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "page-cache"),
            "OPTIONS": {"MAX_ENTRIES": 2 * PAGE_CACHE_MAX_ENTRIES},
        },
    }

PAGE_CACHE_CONTENT_APPS = {
    "cms",
    "handbook",
    "frameworks",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# django-allauth: e-mail is the sign-in, verified before first use; no username at all.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Micro-credentials portal] "
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website_url"
ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible: per IP and per key.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Micro-credentials portal"
MFA_ADAPTER = "portal.accounts.adapter.PortalMFAAdapter"

# A session ends after this long unused, and this long after signing in however much it is
# used (portal.accounts.middleware.SessionLifetimeMiddleware); sooner for the roles that need
# two-factor sign-in. Django's own cookie age is the longest, so it never cuts a session short.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(14 * 24 * 3600)))
SESSION_SECONDS = int(os.environ.get("SESSION_SECONDS", str(30 * 24 * 3600)))
TWO_FACTOR_SESSION_IDLE_SECONDS = int(os.environ.get("TWO_FACTOR_SESSION_IDLE_SECONDS", "1800"))
TWO_FACTOR_SESSION_SECONDS = int(os.environ.get("TWO_FACTOR_SESSION_SECONDS", str(12 * 3600)))
SESSION_COOKIE_AGE = max(SESSION_SECONDS, TWO_FACTOR_SESSION_SECONDS)

# Wagtail
WAGTAIL_SITE_NAME = "Micro-credentials portal"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Wagtail sends visitors without admin access to its sign-in URL; portal.views.sign_in_instead
# passes the anonymous on to allauth and refuses the signed-in, who would loop through allauth.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login_redirect"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL the database backend uses PostgreSQL's full-text search.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "odt", "txt"]
# The admin reaches nowhere but this server (the Content Security Policy would block it, and
# editors on metered connections pay for it): no avatars from Gravatar, no release check, and
# no "what's new" banner (Wagtail 8 hides it for now; this keeps it off when it returns).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# E-mail: console (shown in the run command's output) unless an SMTP host, or a folder to
# write each message to as a file, is given. allauth's and the portal's e-mails are sent by a
# huey worker after the commit, never in the request (portal/mail.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS")

# Files: var/media by default; any Django storage (django-storages for S3) via STORAGE_BACKEND.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files only their owners may read (workspace files, generated documents): never under
# MEDIA_URL, always served by a view that checks permission. PRIVATE_STORAGE_BACKEND may name
# another storage (a private bucket) in production.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "private": {
        "BACKEND": os.environ.get(
            "PRIVATE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)}
        if "PRIVATE_STORAGE_BACKEND" not in os.environ
        else {},
    },
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATIC_STORAGE_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Generated documents (portal/documents): a document whose worker has not written a heartbeat
# for DOCUMENTS_STALE_SECONDS is taken to be lost and queued again by a periodic task, at most
# DOCUMENTS_MAX_ATTEMPTS times before it is marked failed.
DOCUMENTS_STALE_SECONDS = int(os.environ.get("DOCUMENTS_STALE_SECONDS", "120"))
DOCUMENTS_MAX_ATTEMPTS = int(os.environ.get("DOCUMENTS_MAX_ATTEMPTS", "3"))
# A failed document of a public kind is made again for an anonymous visitor at most this often.
DOCUMENTS_RETRY_FAILED_SECONDS = int(os.environ.get("DOCUMENTS_RETRY_FAILED_SECONDS", "600"))

# Uploads: stated limits, enforced by Django before a view reads the body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Audit trail (portal/audit): entries are chained with HMAC-SHA256 under AUDIT_KEY, which lives
# only in the environment, so whoever can write to the database cannot forge a chain. Retired
# keys stay in AUDIT_PREVIOUS_KEYS so the entries they signed still verify. Signed checkpoints of
# the chain's head go to AUDIT_CHECKPOINT_DIR, outside the database (README: what it protects).
_DEV_AUDIT_KEY = "dev-only-insecure-audit-key-never-use-in-production"
AUDIT_KEY = os.environ.get("AUDIT_KEY", _DEV_AUDIT_KEY if DEBUG else "")
if not DEBUG and (
    not AUDIT_KEY or AUDIT_KEY in {_DEV_AUDIT_KEY, SECRET_KEY} or len(AUDIT_KEY) < 32
):
    raise ImproperlyConfigured(
        "AUDIT_KEY must be set to a random value of at least 32 characters, distinct from "
        "SECRET_KEY, when DEBUG is off "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
    )
AUDIT_PREVIOUS_KEYS = env_list("AUDIT_PREVIOUS_KEYS")
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))

LANGUAGE_CODE = "en-gb"
# Every user-facing string is marked for translation; only English is served for now. French
# (Mauritius, Belgium, several SADC states) comes with its catalogue under locale/. There is no
# LocaleMiddleware until then: the anonymous page cache keys pages by address alone, so serving
# two languages needs the language in that key (or in the address) first.
LANGUAGES = [("en-gb", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Johannesburg"
USE_I18N = True
USE_TZ = True

# Content Security Policy on every page: nothing inline, nothing from elsewhere.
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
        "object-src": ["'none'"],
    }
}

# Security headers; the HTTPS ones follow PORTAL_HTTPS (on by default when DEBUG is off).
HTTPS = env_bool("PORTAL_HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind the reverse proxy every request comes from the proxy's address. Rate limits (allauth's
# and the contact form's, through portal.clientip) count the address that the last
# TRUSTED_PROXY_COUNT proxies put in X-Forwarded-For, or the header the proxy sets; entries a
# visitor adds in front of those are ignored. 0 (no proxy) counts the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Its own handler, so run_huey does not add a second one and print every line twice.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The search index is updated through django-tasks; a line per save is noise.
        "django_tasks": {"level": "WARNING"},
    },
}
