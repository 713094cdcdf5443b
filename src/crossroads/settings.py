"""Django settings: values come from the table in ``config.py``; nothing is computed here."""

from crossroads import config
from crossroads.monitoring import logs

CONFIG = config.load()

BASE_DIR = config.PROJECT_DIR
DATA_DIR = CONFIG["DATA_DIR"]
DEBUG = CONFIG["DEBUG"]
SECRET_KEY = CONFIG["SECRET_KEY"]
ALLOWED_HOSTS = CONFIG["ALLOWED_HOSTS"]
SITE_URL = CONFIG["SITE_URL"]
PAGE_SIZE = CONFIG["PAGE_SIZE"]
SERVE_MEDIA = CONFIG["SERVE_MEDIA"]
PROXY_COUNT = CONFIG["PROXY_COUNT"]
UPLOAD_MAX_MB = CONFIG["UPLOAD_MAX_MB"]

SECURITY = config.security(CONFIG)
SECURE_SSL_REDIRECT = SECURITY["SECURE_SSL_REDIRECT"]
SECURE_REDIRECT_EXEMPT = SECURITY["SECURE_REDIRECT_EXEMPT"]
SECURE_PROXY_SSL_HEADER = SECURITY["SECURE_PROXY_SSL_HEADER"]
SESSION_COOKIE_SECURE = SECURITY["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = SECURITY["CSRF_COOKIE_SECURE"]
SECURE_HSTS_SECONDS = SECURITY["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURITY["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
SECURE_HSTS_PRELOAD = SECURITY["SECURE_HSTS_PRELOAD"]
SECURE_REFERRER_POLICY = SECURITY["SECURE_REFERRER_POLICY"]
SECURE_CONTENT_TYPE_NOSNIFF = SECURITY["SECURE_CONTENT_TYPE_NOSNIFF"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = SECURITY["SECURE_CROSS_ORIGIN_OPENER_POLICY"]
X_FRAME_OPTIONS = SECURITY["X_FRAME_OPTIONS"]
SESSION_COOKIE_HTTPONLY = SECURITY["SESSION_COOKIE_HTTPONLY"]
CSRF_TRUSTED_ORIGINS = SECURITY["CSRF_TRUSTED_ORIGINS"]

INSTALLED_APPS = [
    "crossroads.accounts",
    "crossroads.content",
    "crossroads.directory",
    "crossroads.taxonomy",
    "crossroads.events",
    "crossroads.news",
    "crossroads.library",
    "crossroads.search",
    "crossroads.syndication",
    "crossroads.api",
    "crossroads.ingest",
    "crossroads.engagement",
    "crossroads.matching",
    "crossroads.maps",
    "crossroads.dashboards",
    "crossroads.audit",
    "crossroads.backups",
    "crossroads.monitoring",
    "crossroads.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",
]

MIDDLEWARE = [
    "crossroads.monitoring.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "crossroads.content.security.SecurityHeadersMiddleware",
    "crossroads.content.caching.PageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "crossroads.content.languages.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crossroads.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "crossroads.monitoring.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "crossroads.urls"
WSGI_APPLICATION = "crossroads.wsgi.application"

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
                "crossroads.content.context_processors.site",
                "crossroads.content.context_processors.csp_nonce",
            ],
        },
    },
]

DATABASES = config.databases(CONFIG)
CACHES = config.caches(CONFIG)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = CONFIG["LANGUAGE_CODE"]
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
FORMAT_MODULE_PATH = ["crossroads.formats"]
LOCALE_PATHS = [BASE_DIR / "src" / "crossroads" / "locale"]
TIME_ZONE = CONFIG["TIME_ZONE"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour: links typed without a scheme are https
MAIL = config.mail(CONFIG)
EMAIL_BACKEND = MAIL["BACKEND"]
EMAIL_HOST = MAIL["HOST"]
EMAIL_PORT = MAIL["PORT"]
EMAIL_HOST_USER = MAIL["USER"]
EMAIL_HOST_PASSWORD = MAIL["PASSWORD"]
EMAIL_USE_TLS = MAIL["USE_TLS"]
EMAIL_USE_SSL = MAIL["USE_SSL"]
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = CONFIG["MAIL_FROM"]
SERVER_EMAIL = CONFIG["MAIL_FROM"]
REGISTRATION_RETENTION_DAYS = CONFIG["REGISTRATION_RETENTION_DAYS"]
MAP_TILES = CONFIG["MAP_TILES"]
MAP_ATTRIBUTION = CONFIG["MAP_ATTRIBUTION"]

AUTHENTICATION_BACKENDS = ["crossroads.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a day

LOGGING = logs.configuration(level=CONFIG["LOG_LEVEL"], shape=CONFIG["LOG_FORMAT"])
