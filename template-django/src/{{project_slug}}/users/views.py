from django.contrib.auth import login
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.generic import FormView

from .forms import SignupForm
from .services import user_create


class SignupView(FormView[SignupForm]):
    template_name = "registration/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: SignupForm) -> HttpResponse:
        user = user_create(
            email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
        )
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return super().form_valid(form)
