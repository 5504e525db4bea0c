from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from .forms import AccountDeleteForm, SignupForm
from .models import User
from .services import user_activate, user_delete, user_signup


class SignupView(FormView[SignupForm]):
    template_name = "registration/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("signup_done")

    def form_valid(self, form: SignupForm) -> HttpResponse:
        user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            site_url=self.request.build_absolute_uri("/"),
        )
        return super().form_valid(form)


class SignupDoneView(TemplateView):
    template_name = "registration/signup_done.html"


@require_GET
def signup_activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponseRedirect:
    """Activate the account the link was sent for; the same answer for any bad or used link."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.filter(pk=int(pk)).first()
    except (ValueError, OverflowError):
        user = None
    if user is not None and not user.is_active and default_token_generator.check_token(user, token):
        user_activate(user=user)
        messages.success(request, "Your account is active. Log in with your e-mail and password.")
    else:
        messages.error(request, "This activation link is invalid or was already used.")
    return redirect("login")


class AccountDeleteView(LoginRequiredMixin, FormView[AccountDeleteForm]):
    template_name = "registration/account_delete.html"
    form_class = AccountDeleteForm
    success_url = reverse_lazy("home")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: AccountDeleteForm) -> HttpResponse:
        user = cast(User, self.request.user)
        logout(self.request)
        user_delete(user=user)
        messages.success(self.request, "Your account and its data were deleted.")
        return super().form_valid(form)
