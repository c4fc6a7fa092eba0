"""A new expense line has no category chosen for the user: the form asks what kind of expense
it is (a line named "Kaffe" once became "Husleie – Kaffe" by default)."""

import re

from django.urls import reverse

from costsharing.models import ExpenseLine


def category_select(page: str) -> str:
    return re.search(r'<select name="category".*?</select>', page, re.S).group(0)


def test_the_new_expense_form_preselects_no_category(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)

    page = client.get(reverse("costsharing:detail", args=[driftsavtale.pk])).text

    select = category_select(page)
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select)
    assert options[0] == (' value="" selected', "Velg …")
    assert not any("selected" in attributes for attributes, _label in options[1:])


def test_a_line_without_a_category_is_refused_with_a_question(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    before = list(ExpenseLine.objects.values_list("pk", "category", "name"))

    response = client.post(
        reverse("costsharing:line_add", args=[driftsavtale.pk]),
        {"category": "", "name": "Kaffe", "budget": "1200"},
    )

    assert response.status_code == 400
    assert "Velg hva slags utgift det er." in response.text
    assert list(ExpenseLine.objects.values_list("pk", "category", "name")) == before
