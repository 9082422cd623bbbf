"""Settings shared by every mode. Values that differ between deployments come from the
environment (12-factor) through django-environ; see .env.example."""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mptt",
    "django_htmx",
    "axes",
    "audit",
    "addresses",
    "hierarchy",
    "exchange",
    "auditlog",
    "reorganisation",
    "accounts",
    # The Kvalitetstjek (/kvalitet/): reads the register and the audit trail, writes its own runs.
    "quality",
    # The read-only FHIR R4 API (/fhir/): reads the register and exchange's lokationsnumre.
    "fhir",
    # Anmodninger (/anmodninger/): requests to SDS and MedCom, carried out through the services.
    "change_requests",
    # Above every app: the demo register (seed_demo), the synthetic one (generate_register) and
    # the stress run (stress_writes), the commands that fill a register through the services.
    "bench",
    "sor_admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sor_admin.middleware.SecurityHeadersMiddleware",
    "sor_admin.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sor_admin.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sor_admin.middleware.HtmxLoginRedirectMiddleware",
    "sor_admin.database_busy.DatabaseBusyMiddleware",
    "sor_admin.middleware.PrivatePagesMiddleware",
    # Last, so that it sees the login view's response and turns a lock-out into the lock page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sor_admin.urls"
WSGI_APPLICATION = "sor_admin.wsgi.application"

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
                "accounts.context_processors.login_options",
                "sor_admin.context_processors.product",
                "hierarchy.context_processors.user_scope",
                "sor_admin.navigation.main_menu",
            ],
        },
    },
]

# SQLite file by default so the app runs with no set-up; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing with "database is locked":
    # IMMEDIATE takes the write lock when a transaction begins, so two transactions never both
    # read and then try to upgrade to writing (a deadlock SQLite answers at once, without
    # waiting); the busy timeout (seconds) is how long a writer waits for the lock; WAL lets
    # readers go on while one writes (a no-op for an in-memory database).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the app's queries are short, and PostgreSQL's cost estimates for the
    # recursive path query and trigram scans trip the JIT threshold, which then costs 15-250 ms
    # of compiling for a query that runs in 5 (measured at 100k units, bench/bench_register.py).
    # random_page_cost 1.1 (SSD, register in RAM) instead of 4 (spinning disks): with 4 the
    # planner joins a search's few thousand matches by reading the whole unit table.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", env.str("DATABASE_PG_OPTIONS", default="-c jit=off -c random_page_cost=1.1")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login throttling by django-axes: failed logins are counted in the database (shared by every
# worker process), per user name *and* client address together, so guessing invented names from
# one address locks nobody else, and a colleague behind the same address can still log in.
# A success resets the count; the lock lasts AXES_COOLOFF_TIME after the last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking it
    # Passwords, unless SOR_PASSWORD_LOGIN is off; federated users are logged in by
    # accounts/views.py after the identity provider's answer is checked.
    "accounts.backends.PasswordBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sor_admin.throttling.client_ip_address"
AXES_LOCKOUT_CALLABLE = "sor_admin.throttling.lockout_response"
# No banner on every manage.py command (it went to stdout); failures are still logged.
AXES_VERBOSE = False
# Reverse proxies (IP addresses or networks) whose X-Forwarded-For is believed; none by default,
# so the client address is the TCP peer (REMOTE_ADDR). Parsed here so a typo stops the start-up.
SOR_TRUSTED_PROXIES = []
for _proxy in filter(None, (value.strip() for value in env.list("SOR_TRUSTED_PROXIES", default=[]))):
    try:
        SOR_TRUSTED_PROXIES.append(ipaddress.ip_network(_proxy, strict=False))
    except ValueError:
        raise ImproperlyConfigured(
            f"SOR_TRUSTED_PROXIES: {_proxy!r} er hverken en IP-adresse eller et netværk (fx 10.0.0.0/24)."
        ) from None

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The UI is Danish only: the app's texts are written in Danish (no gettext, no catalogue of our
# own), and USE_I18N with LANGUAGE_CODE "da" makes Django's own texts (admin, form and password
# messages) Danish too, whatever language the browser asks for (see ARCHITECTURE.md).
LANGUAGE_CODE = "da"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sor_admin.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# URL names: login_required (every GUI view) and the login/logout views resolve them.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Federated login by OpenID Connect (accounts/, README "Log ind med MitID Erhverv"): on when an
# issuer is set. The issuer's discovery document gives the endpoints and keys. Roles and kommuner
# come from the claims at every login; the role values can be renamed to what the broker sends.
SOR_OIDC_ISSUER = env("SOR_OIDC_ISSUER", default="").rstrip("/")
SOR_OIDC_CLIENT_ID = env("SOR_OIDC_CLIENT_ID", default="")
SOR_OIDC_CLIENT_SECRET = env("SOR_OIDC_CLIENT_SECRET", default="")
SOR_OIDC_SCOPES = env("SOR_OIDC_SCOPES", default="openid profile email")
SOR_OIDC_LOGIN_LABEL = env("SOR_OIDC_LOGIN_LABEL", default="Log ind med MitID Erhverv")
SOR_OIDC_ROLE_CLAIM = env("SOR_OIDC_ROLE_CLAIM", default="roles")
SOR_OIDC_KOMMUNE_CLAIM = env("SOR_OIDC_KOMMUNE_CLAIM", default="kommunekoder")
SOR_OIDC_ROLE_KOMMUNE_ADMIN = env("SOR_OIDC_ROLE_KOMMUNE_ADMIN", default="sor-kommune-admin")
SOR_OIDC_ROLE_SDS = env("SOR_OIDC_ROLE_SDS", default="sor-sds")
SOR_OIDC_ROLE_MEDCOM = env("SOR_OIDC_ROLE_MEDCOM", default="sor-medcom")
SOR_OIDC_ROLE_SUPPORT = env("SOR_OIDC_ROLE_SUPPORT", default="sor-support")
SOR_OIDC_TIMEOUT = env.float("SOR_OIDC_TIMEOUT", default=5.0)
# The local password form: on in development, the tests and the demo; off by default in
# production (sor_admin/settings/prod.py), where users sign in at the identity provider.
SOR_PASSWORD_LOGIN = env.bool("SOR_PASSWORD_LOGIN", default=True)

# Where shipped reference data lives (copied from shared/data with its origin, see data/README.md).
SOR_DATA_DIR = BASE_DIR / "data"

# Address lookups: "offline" (the register in the database) or "adressevaelger" (Adressevælgeren,
# base URL https://adressevaelger.dk when SOR_ADDRESS_HTTP_BASE_URL is empty; its token is sent as
# the `token` query parameter). "http" (DAWA) is retired: a system check warns.
ADDRESS_PROVIDER = env("SOR_ADDRESS_PROVIDER", default="offline")
ADDRESS_HTTP_BASE_URL = env("SOR_ADDRESS_HTTP_BASE_URL", default="")
ADDRESS_TOKEN = env("SOR_ADDRESS_TOKEN", default="")
ADDRESS_HTTP_TIMEOUT = env.float("SOR_ADDRESS_HTTP_TIMEOUT", default=1.5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# The last verified head of the audit chain (seq and hash), kept outside the database as well, so
# that a trail emptied, cut short or re-chained by whoever owns the table is detected by the next
# `verify_audit` (audit/verification.py). Back this file up apart from the database.
SOR_AUDIT_ANCHOR_FILE = Path(
    env("SOR_AUDIT_ANCHOR_FILE", default=str(BASE_DIR / "var" / "audit-anchor.json"))
)

# Forms render as Det Fælles Designsystem markup (sor_admin/ui/forms.py, templates/forms/).
FORM_RENDERER = "sor_admin.ui.forms.DkfdsFormRenderer"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# A session ends after a working day without requests (sliding: renewed by the user's requests,
# see sor_admin.middleware.SlidingSessionMiddleware).
SESSION_COOKIE_AGE = int(env.float("SOR_SESSION_HOURS", default=8) * 3600)
# How long before the session ends the GUI warns, with a button to stay logged in.
SOR_SESSION_WARNING_SECONDS = int(env.float("SOR_SESSION_WARNING_MINUTES", default=5) * 60)

# Who helps, shown in every page's footer, on the error pages and in the
# tilgængelighedserklæring (from SOR's training material for kommunale administratorer).
SOR_SUPPORT_EMAIL = env("SOR_SUPPORT_EMAIL", default="Sorpost@sundhedsdata.dk")
SOR_SUPPORT_PHONE = env("SOR_SUPPORT_PHONE", default="32 68 53 41")
SOR_SUPPORT_PHONE_HOURS = env(
    "SOR_SUPPORT_PHONE_HOURS", default="mandag, onsdag og fredag kl. 10-11.30 og 13-14.30"
)
SOR_TECHNICAL_SUPPORT_EMAIL = env("SOR_TECHNICAL_SUPPORT_EMAIL", default="servicedesk@sundhedsdata.dk")
SOR_MEDCOM_EMAIL = env("SOR_MEDCOM_EMAIL", default="sor@medcom.dk")
# The authority that runs SOR and MedCom, as every text of the product names them
# (sor_admin/authority.py). From 1 January 2027 both are part of Digital Sundhed Danmark: set
# these two and the e-mail settings above then (README, "Configuration").
SOR_AUTHORITY_NAME = env("SOR_AUTHORITY_NAME", default="Sundhedsdatastyrelsen")
SOR_MEDCOM_NAME = env("SOR_MEDCOM_NAME", default="MedCom")

# Anmodninger (change_requests/): a mail to the requester and to the deciding team on every
# step, through Django's mail framework. The SMTP server and the sender come from the
# environment; the demo (settings.dev) prints mails to the console instead. SOR_BASE_URL makes
# the link in the mail; the team addresses replace the slides' mailboxes (README, "Anmodninger").
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SOR Admin <sor-admin@sundhedsdata.dk>")
SOR_BASE_URL = env("SOR_BASE_URL", default="http://localhost:8000")
SOR_REQUESTS_SDS_EMAIL = env("SOR_REQUESTS_SDS_EMAIL", default=SOR_SUPPORT_EMAIL)
SOR_REQUESTS_MEDCOM_EMAIL = env("SOR_REQUESTS_MEDCOM_EMAIL", default=SOR_MEDCOM_EMAIL)
