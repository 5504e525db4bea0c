from django.contrib.auth.forms import AdminUserCreationForm, BaseUserCreationForm, UserChangeForm

from .models import User


class SignupForm(BaseUserCreationForm[User]):
    """E-mail and password twice; Django's password validators run on the password."""

    class Meta:
        model = User
        fields = ("email",)


class AdminUserAddForm(AdminUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email",)


class AdminUserChangeForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"
