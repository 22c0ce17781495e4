"""Log-in with an optional second factor (TOTP, django-otp).

A user who has a confirmed TOTP device (set up by the administrator, who shows the QR
code in the admin) must give the current code from the authenticator app; a user
without one logs in with the password alone. Failed attempts count for django-axes
either way, as the password check goes through ``authenticate(request, ...)``.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

PASSWORD_MAX = 1024  # no password is longer; a longer one is not hashed (it costs time)


class LoginForm(OTPAuthenticationFormMixin, AuthenticationForm):
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("One-time code (if set up)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the user name's max_length after the field is built, so it is not
        # checked; an over-long name would reach django-axes' attempt log (255 characters).
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX))
        self.fields["otp_token"].validators.append(MaxLengthValidator(16))

    @property
    def otp_failed(self) -> bool:
        """The password was right but the one-time code is missing or wrong."""
        return any(self.has_error(NON_FIELD_ERRORS, code) for code in ("token_required", "invalid_token"))

    def _chosen_device(self, user):
        """The user's confirmed TOTP device: the form does not ask which one (one per user)."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return super()._chosen_device(user) or TOTPDevice.objects.devices_for_user(user).first()

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return cleaned


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        device = getattr(form.get_user(), "otp_device", None)
        if device is not None:
            otp_login(self.request, device)
        return response
