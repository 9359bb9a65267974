import pytest

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.core.testing import make_user


@pytest.fixture
def people(personas, rotenburg, osterholz) -> dict[str, User]:
    """The personas (erin administers Rotenburg), plus olga, Osterholz's administrator; sam,
    a viewer in both districts; and nora, an account without any role."""
    people = dict(personas)
    people["alice"].email = "alice@rotenburg.example"
    people["alice"].save()
    people["dave"].email = "dave@osterholz.example"
    people["dave"].save()
    people["olga"] = make_user(
        "olga", Role.ADMINISTRATOR, osterholz, email="olga@osterholz.example"
    )
    people["sam"] = make_user("sam", Role.VIEWER, rotenburg, email="sam@example.org")
    Membership.objects.create(user=people["sam"], role=Role.VIEWER, district=osterholz)
    people["nora"] = make_user("nora", None, email="nora@example.org")
    return people


FOREIGN = ["dave", "olga", "nora", "root", "osterholz.example"]  # never on Rotenburg's pages


def logs_in(client, username: str, password: str) -> bool:
    """Through the real login page (axes needs the request), as a person would."""
    from django.urls import reverse

    client.logout()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def without_csrf(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def main_of(html: str) -> str:
    """The page's <main>: what the page says, without the frame around it."""
    return html[html.index("<main") : html.index("</main>")]
