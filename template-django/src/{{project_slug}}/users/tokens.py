"""JWTs for API clients (djangorestframework-simplejwt), tied to the password and rotated.

- Every token carries a *password stamp*: a keyed hash of the user's password hash. Changing the
  password (page, reset e-mail, admin) changes the stamp, so every access and refresh token
  issued before stops working at once, like Django's own sessions do.
- Each refresh returns a new refresh token and retires the old one. Presenting a retired one
  again means two parties hold the same token (one of them stole it): every refresh token of
  that user is retired then, and each device has to log in again.
"""

from typing import Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework import serializers
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AuthUser, RefreshToken, Token, UntypedToken

from .models import User

STAMP_CLAIM = "pwd"
# The longest e-mail address the user model stores, and a generous bound on passwords: both are
# checked before anything reaches the authentication backends (and django-axes' log table).
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
PASSWORD_MAX_LENGTH = 4096


class VerbatimField(serializers.CharField):
    """A password or token, as sent: not trimmed, NUL allowed. It is only hashed or decoded,
    never stored, so any string is a well-formed (if wrong) credential: a 401, not a 400."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(trim_whitespace=False, **kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]


def password_stamp(user: AbstractBaseUser) -> str:
    """Changes whenever the user's password does; reveals nothing about it."""
    return salted_hmac(__name__, user.password, algorithm="sha256").hexdigest()


class UserRefreshToken(RefreshToken):
    """A refresh token (and the access tokens made from it) stamped with the password."""

    @classmethod
    def for_user(cls, user: AuthUser) -> "UserRefreshToken":
        token = cast(UserRefreshToken, super().for_user(user))
        if isinstance(user, AbstractBaseUser):
            token[STAMP_CLAIM] = password_stamp(user)
        return token


def _stamp_matches(token: Token, user: AbstractBaseUser) -> bool:
    return constant_time_compare(str(token.get(STAMP_CLAIM, "")), password_stamp(user))


@transaction.atomic
def revoke_refresh_tokens(*, user_id: Any) -> int:
    """Retire every refresh token issued to the user; returns how many were still usable."""
    usable = OutstandingToken.objects.filter(user_id=user_id, blacklistedtoken__isnull=True)
    retired = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in usable], ignore_conflicts=True
    )
    return len(retired)


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's authentication, refusing tokens issued before the last password change."""

    def get_user(self, validated_token: Token) -> AbstractBaseUser:  # type: ignore[override]
        user = super().get_user(validated_token)
        if not isinstance(user, AbstractBaseUser) or not _stamp_matches(validated_token, user):
            raise InvalidToken("Token is no longer valid: the password has changed.")
        return user


class TokenObtainPairSerializer(jwt_serializers.TokenObtainPairSerializer):
    token_class = UserRefreshToken

    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = serializers.EmailField(
            write_only=True, max_length=EMAIL_MAX_LENGTH
        )
        self.fields["password"] = VerbatimField(
            write_only=True, max_length=PASSWORD_MAX_LENGTH, style={"input_type": "password"}
        )


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    token_class = UserRefreshToken
    refresh = VerbatimField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        # Signature and expiry first (UntypedToken does not look at the blacklist).
        token = UntypedToken(attrs["refresh"])
        if token.get("token_type") != "refresh":
            raise TokenError("Token has wrong type")
        user_id = token.get("user_id")
        if BlacklistedToken.objects.filter(token__jti=token.get("jti")).exists():
            revoke_refresh_tokens(user_id=user_id)
            raise TokenError("Token is blacklisted")
        user = User.objects.filter(pk=user_id).first()
        if user is None or not _stamp_matches(token, user):
            raise TokenError("Token is no longer valid: the password has changed.")
        data: dict[str, str] = super().validate(attrs)
        return data


class TokenBlacklistSerializer(jwt_serializers.TokenBlacklistSerializer):
    refresh = VerbatimField(write_only=True)


class JWTAuthenticationScheme(SimpleJWTScheme):  # type: ignore[no-untyped-call]
    """Documents JWTAuthentication above in the OpenAPI schema as simplejwt's own scheme."""

    target_class = f"{__name__}.JWTAuthentication"
