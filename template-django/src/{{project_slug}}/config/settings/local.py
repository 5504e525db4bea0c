"""Development settings: debug on by default, configuration from .env."""

from .base import *  # noqa: F403
from .base import env, env_secret

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env_secret("SECRET_KEY")
