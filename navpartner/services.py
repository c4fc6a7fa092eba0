from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def password_reset_email_send(*, user, domain: str, use_https: bool, language: str) -> None:
    """Send the user a one-time link to choose a new password."""
    context = {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(language):
        subject = loader.render_to_string("registration/password_reset_subject.txt", context)
        body = loader.render_to_string("registration/password_reset_email.txt", context)
    message = EmailMultiAlternatives(
        "".join(subject.splitlines()), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    message.send()
