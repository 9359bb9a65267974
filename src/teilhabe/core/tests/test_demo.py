import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from teilhabe.accounts.models import Membership, User


@pytest.mark.django_db
def test_setup_with_demo_creates_marked_example_accounts_once(client):
    out = io.StringIO()
    call_command("setup_instance", demo=True, stdout=out)
    call_command("setup_instance", demo=True, stdout=io.StringIO())
    examples = User.objects.filter(username__startswith="beispiel-")
    assert examples.count() == 3
    assert all("Beispieldaten" in user.last_name for user in examples)
    roles = set(Membership.objects.filter(user__in=examples).values_list("role", flat=True))
    assert roles == {"coordinator", "editor", "viewer"}
    assert "Beispieldaten" in out.getvalue()
    from teilhabe.allocation.models import AllocationPeriod, Arrival
    from teilhabe.inventory.models import Activity

    assert Activity.objects.filter(is_example=True).count() >= 26
    periods = AllocationPeriod.objects.order_by("start")
    assert [p.is_closed for p in periods] == [True, True, False]
    assert all("Beispieldaten" in p.name for p in periods)
    assert Arrival.objects.exclude(note="Beispieldaten").count() == 0
    from teilhabe.surveys.models import Response, Wave

    assert all("Beispieldaten" in w.name for w in Wave.objects.all())
    assert Wave.objects.count() == 2
    assert Response.objects.filter(status="submitted").count() >= 10

    client.force_login(examples.get(username="beispiel-kommune"))
    page = client.get(reverse("regions:district-list"), follow=True).content.decode()
    assert "enthält Beispieldaten" in page


@pytest.mark.django_db
def test_without_demo_there_is_no_banner(client, personas):
    client.force_login(personas["alice"])
    page = client.get(reverse("regions:district-list"), follow=True).content.decode()
    assert "Beispieldaten" not in page
