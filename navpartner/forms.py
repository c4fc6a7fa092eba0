from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import translation

from .tasks import send_password_reset_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail from a Celery task, so a slow mail server never holds up the
    page (and the answer takes as long whether or not the address is known)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        send_password_reset_email.delay_on_commit(
            user_id=context["user"].pk, language=translation.get_language()
        )


class LoginForm(AuthenticationForm):
    """Without Django's autofocus on the user name: a keyboard or screen-reader user starts at
    the top of the page (skip link, heading), as on every other page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields where it has them, else on the whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
