"""The language a signed-in user reads the platform in, kept with their account (偏好).

Django keeps the language a reader chose in a cookie of one browser. A user who switches
language while signed in has it kept too (:func:`set_language`), so that signing in on another
browser opens the platform in it (:func:`remember_on_sign_in` and
:class:`PreferredLanguageMiddleware`) and the mails written to them use it
(:func:`chanjiao.core.mail.in_language_of`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language
from django.views.i18n import set_language as django_set_language

from .models import Preference

#: The request attribute that carries the kept language from the sign-in to its answer.
_ON_SIGN_IN = "_cj_preferred_language"


def _known(language: str) -> str:
    """``language`` when the platform speaks it, else ""."""
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known and check_for_language(language) else ""


def chosen_language(request: HttpRequest) -> str:
    """The language this browser's reader chose with the language switch (its cookie), or ""
    when they never chose: the browser's Accept-Language says little about the reader."""
    return _known(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (the cookie, back to the page), which also keeps the choice
    of a signed-in user with their account."""
    response = django_set_language(request)
    language = _known(request.POST.get("language", "") if request.method == "POST" else "")
    if request.user.is_authenticated and language:
        from .services import language_set

        language_set(actor=request.user, language=language)
    return response


@receiver(user_logged_in, dispatch_uid="chanjiao.accounts.language.remember_on_sign_in")
def remember_on_sign_in(sender, request, user, **kwargs) -> None:
    """On sign-in, the language the user keeps becomes this browser's."""
    if request is None:
        return
    language = Preference.objects.filter(user=user).values_list("language", flat=True).first()
    if language and language != request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        setattr(request, _ON_SIGN_IN, language)


class PreferredLanguageMiddleware:
    """Sets the language cookie on the answer to a sign-in when the user keeps a language, as
    Django's language switch sets it; the pages after it are read in that language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, _ON_SIGN_IN, None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
