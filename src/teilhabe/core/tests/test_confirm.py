"""The confirmation page that actions which cannot be undone show first (core/confirm.py).

The views that use it are tested in their apps (the action happens only when confirmed), and
the permission table sends each of their POSTs with and without the confirmation."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from teilhabe.core.confirm import CONFIRMED, Question, ask_first
from teilhabe.testing import inline_code

pytestmark = pytest.mark.django_db

CLOSE = Question(
    gettext_lazy("Close the period %(name)s?"),
    gettext_lazy("Its figures are then frozen and no more arrivals can be recorded in it."),
    gettext_lazy("Close period"),
)


def post(data: dict) -> object:
    request = RequestFactory().post("/allocation/7/close/?from=list", data)
    request.user = AnonymousUser()
    return request


def test_without_the_confirmation_it_asks_in_german_and_repeats_every_field():
    data = {"reason": "Ende <Q3>", "ids": ["1", "2"], "csrfmiddlewaretoken": "old"}
    with translation.override("de"):
        response = ask_first(post(data), CLOSE, "/allocation/7/", name="2026/I")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="kern-heading-large">Zeitraum 2026/I abschließen?</h1>' in html
    assert "Dies kann nicht rückgängig gemacht werden." in html
    assert "keine Zugänge mehr darin erfasst werden" in html
    form = html[html.index('<form method="post" action="/allocation/7/close/?from=list">') :]
    form = form[: form.index("</form>")]
    for field in [
        '<input type="hidden" name="reason" value="Ende &lt;Q3&gt;">',
        '<input type="hidden" name="ids" value="1">',
        '<input type="hidden" name="ids" value="2">',
        f'<input type="hidden" name="{CONFIRMED}" value="yes">',
    ]:
        assert field in form
    assert form.count('name="csrfmiddlewaretoken"') == 1 and 'value="old"' not in form
    assert '<button type="submit" class="kern-btn kern-btn--primary">' in form
    assert '<span class="kern-label">Zeitraum abschließen</span>' in form
    assert '<a class="kern-btn kern-btn--secondary" href="/allocation/7/">' in form
    assert '<span class="kern-label">Abbrechen</span>' in form
    assert "<script" not in html.split("</head>")[1] and inline_code(html) == []


def test_with_the_confirmation_the_view_goes_on():
    assert ask_first(post({CONFIRMED: "yes"}), CLOSE, "/allocation/7/", name="2026/I") is None


@pytest.mark.parametrize("value", ["", "no", "1"])
def test_only_the_confirmation_field_itself_confirms(value):
    assert ask_first(post({CONFIRMED: value}), CLOSE, "/", name="x") is not None
