from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    SetPasswordMixin,
    UserChangeForm,
)

from .models import User

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


# SetPasswordMixin is generic only in django-stubs (django_stubs_ext does not patch it).
class SignupForm(SetPasswordMixin, forms.Form):  # type: ignore[type-arg]
    """E-mail and password twice; Django's password validators run on the password.

    Deliberately not a ModelForm: its uniqueness check would tell anyone whether an address is
    registered. services.user_signup answers both cases the same way, by e-mail.
    """

    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_passwords()
        if cleaned.get("email"):
            # Like UserCreationForm: e.g. a password too similar to the address is refused.
            self.validate_password_for_user(User(email=cleaned["email"]))
        return cleaned


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for its password, so an unattended session cannot do it."""

    password = forms.CharField(
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password was entered incorrectly.", code="invalid")
        return password


class AdminUserAddForm(AdminUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email",)


class AdminUserChangeForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"
