"""Settings for pytest: fast password hashing, static files straight from the apps."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# CI has no .env: a throwaway key is enough for tests.
SECRET_KEY = env.str("SECRET_KEY", default=get_random_secret_key())
# Argon2 is deliberately slow; tests only need *a* hasher (base.PASSWORD_HASHERS is tested).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the finders, as collectstatic would publish them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
