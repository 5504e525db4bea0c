"""Production settings: every secret comes from the environment, or the process does not start.

`python manage.py check --deploy --fail-level WARNING` passes with these settings, and what that
check only warns about (a weak secret key, HSTS values that preload lists reject) stops the
process at start-up here.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_secret

DEBUG = False
# No defaults: a missing SECRET_KEY or ALLOWED_HOSTS raises ImproperlyConfigured at startup.
SECRET_KEY = env_secret("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# The /bench/ endpoints answer 404 unless explicitly enabled (the `bench` command does).
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)
# The OpenAPI schema and its docs pages are not published unless API_DOCS=true.
API_DOCS = env.bool("API_DOCS", default=False)

# The same bounds as Django's security.W009 check, enforced instead of reported.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: use at least {SECRET_KEY_MIN_LENGTH} random characters, e.g. "
        'python -c "import secrets; print(secrets.token_hex(64))"'
    )
# Host header checking is Django's defence against forged links and cache poisoning; "*"
# switches it off.
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name this site's hosts, not '*'")

# HTTPS, behind a proxy that sets X-Forwarded-Proto and appends the client's address to
# X-Forwarded-For (django-axes counts failed logins per client address, see base.py).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list(
    "AXES_IPWARE_META_PRECEDENCE_ORDER", default=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check answers over plain HTTP too, for load balancers and container probes.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Browsers' HSTS preload lists take a site only with a max-age of a year or more and
# includeSubDomains; preload with less is refused here rather than sent.
HSTS_PRELOAD_MIN_SECONDS = 31536000
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=HSTS_PRELOAD_MIN_SECONDS)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if SECURE_HSTS_PRELOAD and (
    SECURE_HSTS_SECONDS < HSTS_PRELOAD_MIN_SECONDS or not SECURE_HSTS_INCLUDE_SUBDOMAINS
):
    raise ImproperlyConfigured(
        f"SECURE_HSTS_PRELOAD=true needs SECURE_HSTS_SECONDS>={HSTS_PRELOAD_MIN_SECONDS} and "
        "SECURE_HSTS_INCLUDE_SUBDOMAINS=true; set SECURE_HSTS_PRELOAD=false otherwise"
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
