"""Each user's language: bokmål, nynorsk or English.

A user's language is kept in their profile (UserProfile.language). The first login sets it
from what the login page was shown in (the language switch's cookie) or, failing that, from
the browser's Accept-Language; from then on the user changes it with the switch in the
footer or on their settings page. Pages follow it (UserLanguageMiddleware reads it from the
session, where the login puts it, so a page view costs no query), and so do the e-mails,
reminders and calendar feed written for the user (``languages_of``).

Before the login, pages are in bokmål unless the switch says otherwise: the browser is only
asked once, at the first login (BokmalByDefaultMiddleware keeps its header aside)."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from .models import UserProfile

SESSION_KEY = "navpartner_language"
#: Where BokmalByDefaultMiddleware keeps the browser's Accept-Language.
BROWSER_LANGUAGES = "navpartner.accept_language"
CODES = [code for code, _name in settings.LANGUAGES]
#: "no" is Norwegian without saying which; bokmål is what most mean.
ALIASES = {"no": "nb", "nb": "nb", "nn": "nn", "en": "en"}


def supported(code: str | None) -> str | None:
    """The product's language for a language tag ("nn-NO" → "nn", "no" → "nb"), or None."""
    if not code:
        return None
    return ALIASES.get(code.lower().replace("_", "-").split("-")[0])


def browser_language(accept_language: str) -> str | None:
    """The first of the browser's languages (by preference) the product speaks, or None."""
    for tag, _quality in parse_accept_lang_header(accept_language or ""):
        found = supported(tag)
        if found:
            return found
    return None


def user_language(user) -> str:
    """The user's language; bokmål when they have none yet."""
    profile = getattr(user, "profile", None) if user.pk else None
    return (profile.language if profile else "") or settings.LANGUAGE_CODE


def languages_of(user_ids) -> dict[int, str]:
    """Each user's language by user id (bokmål for those with none); one query."""
    chosen = dict(
        UserProfile.objects.filter(user_id__in=list(user_ids))
        .exclude(language="")
        .values_list("user_id", "language")
    )
    return {pk: chosen.get(pk, settings.LANGUAGE_CODE) for pk in user_ids}


def user_language_set(*, user, language: str) -> UserProfile:
    """Keep ``language`` as the user's language."""
    if language not in CODES:
        raise ValueError(language)
    with transaction.atomic():
        profile, _created = UserProfile.objects.select_for_update().get_or_create(user=user)
        profile.language = language
        profile.full_clean()
        profile.save()
    return profile


def remember_language_at_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the user's language into the session; at the first login,
    taken from the language switch's cookie or the browser and kept in the profile."""
    profile = UserProfile.objects.filter(user=user).first()
    language = profile.language if profile else ""
    if not language:
        language = (
            supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or browser_language(request.META.get(BROWSER_LANGUAGES, ""))
            or settings.LANGUAGE_CODE
        )
        user_language_set(user=user, language=language)
    request.session[SESSION_KEY] = language


class UserLanguageMiddleware:
    """Pages in the logged-in user's language (from the session: no query). Placed after
    AuthenticationMiddleware; LocaleMiddleware before it has chosen for anonymous users."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None
        if request.user.is_authenticated:
            language = request.session.get(SESSION_KEY)
            if language is None:  # a session from before languages were kept: once
                profile = UserProfile.objects.filter(user=request.user).first()
                language = request.session[SESSION_KEY] = (
                    profile.language if profile and profile.language else ""
                )
        if language in CODES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
