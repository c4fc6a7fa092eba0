from django import template
from js_asset import Media

register = template.Library()


@register.filter
def csp_nonce(media, request):
    """`{{ form.media|csp_nonce:request }}`: the form's scripts, the prose editor's inline
    import map among them, carrying the request's Content-Security-Policy nonce. The nonce
    stays lazy: a page whose media is empty adds none to the header."""
    nonce = getattr(request, "csp_nonce", "")
    return Media.from_media(media, nonce=nonce)
