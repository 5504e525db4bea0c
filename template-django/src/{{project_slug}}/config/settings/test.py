"""Settings for pytest: fast password hashing, static files straight from the apps."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

DEBUG = False
# CI has no .env: a throwaway key is enough for tests.
SECRET_KEY = os.environ.get("SECRET_KEY") or get_random_secret_key()
# Argon2 is deliberately slow; tests only need *a* hasher (base.PASSWORD_HASHERS is tested).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the finders, as collectstatic would publish them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Failed logins in a row, as tests make them, would meet the progressive delay (tested on its
# own, in test_lockout.py).
AXES_DELAY_SECONDS = 0
