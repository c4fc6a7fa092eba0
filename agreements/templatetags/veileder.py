"""The veileder's words in the partnership's document language (bokmål or nynorsk), whatever
language the page itself is in: its guidance and its questions are part of the agreement's
text, as the point titles are."""

from django import template

register = template.Library()


@register.filter
def guidance_in(template_section, language: str) -> list[str]:
    return template_section.guidance_in(language)


@register.filter
def question_in(question, language: str) -> str:
    return question.text_in(language)
