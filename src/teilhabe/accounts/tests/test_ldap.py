"""Login against a real OpenLDAP server (conftest.py starts one) through the login page.

anna and jürgen exist only in the directory; alice is also the local persona (coordinator of
Rotenburg) with a password of her own; admin is also the installation's local administrator."""

import importlib.util

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.accounts.tests.slapd import PEOPLE, free_port
from teilhabe.testing import make_user, require

require(importlib.util.find_spec("django_auth_ldap") is not None, "django-auth-ldap (`ldap` extra)")

pytestmark = pytest.mark.django_db

ANNA = PEOPLE["anna"]
WRONG = "nicht korrekt"  # from "Der Benutzername oder das Passwort ist nicht korrekt. …"


def log_in(client, username, password):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, follow=True
    )


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


class TestFirstLogin:
    def test_a_directory_user_gets_an_account_with_the_directory_values_and_no_role(
        self, client, directory, rotenburg
    ):
        response = log_in(client, "anna", ANNA.password)

        anna = User.objects.get(username="anna")
        assert logged_in_user(client) == anna
        assert (anna.first_name, anna.last_name) == ("Anna", "Schmidt")
        assert anna.email == "anna.schmidt@lk-row.example"
        assert not anna.memberships.exists()
        assert not (anna.is_staff or anna.is_superuser)
        # She sees no district, with the explanation whom to ask.
        assert response.redirect_chain[-1][0] == reverse("regions:district-list")
        assert response.context["districts"] == []
        assert "noch in keinem Landkreis eine Rolle" in response.content.decode()
        detail = client.get(reverse("regions:district-detail", args=[rotenburg.ags]))
        assert detail.status_code == 404

    def test_the_account_has_no_local_password_so_no_reset_mail_reaches_it(self, client, directory):
        log_in(client, "anna", ANNA.password)
        anna = User.objects.get(username="anna")
        assert not anna.has_usable_password()
        assert not anna.check_password(ANNA.password)
        assert list(PasswordResetForm().get_users(ANNA.mail)) == []

    def test_names_with_umlauts_arrive_intact(self, client, directory):
        log_in(client, "juergen", PEOPLE["juergen"].password)
        juergen = User.objects.get(username="juergen")
        assert (juergen.first_name, juergen.last_name) == ("Jürgen", "Weiß")

    def test_a_value_longer_than_the_field_is_cut_to_fit(self, client, directory):
        log_in(client, "lange", PEOPLE["lange"].password)
        lange = User.objects.get(username="lange")
        assert lange.last_name == PEOPLE["lange"].surname[:150]

    def test_the_name_is_matched_without_regard_to_case_like_the_directory_does(
        self, client, directory
    ):
        log_in(client, "Anna", ANNA.password)
        client.logout()
        log_in(client, " ANNA ", ANNA.password)
        assert logged_in_user(client).username == "anna"
        assert User.objects.filter(username__iexact="anna").count() == 1


class TestLaterLogins:
    def test_name_and_email_are_refreshed_from_the_directory(self, client, directory):
        log_in(client, "anna", ANNA.password)
        client.logout()
        User.objects.filter(username="anna").update(first_name="Änne", email="alt@example.org")
        log_in(client, "anna", ANNA.password)
        anna = User.objects.get(username="anna")
        assert (anna.first_name, anna.email) == ("Anna", ANNA.mail)

    def test_a_role_given_in_teilhabe_shows_the_district_after_the_next_login(
        self, client, directory, rotenburg
    ):
        log_in(client, "anna", ANNA.password)
        client.logout()
        anna = User.objects.get(username="anna")
        Membership.objects.create(user=anna, role=Role.COORDINATOR, district=rotenburg)

        response = log_in(client, "anna", ANNA.password)
        # With a role, the start page is Meine Aufgaben; the district is one link away.
        assert response.redirect_chain[-1][0] == reverse("tasklist:my-tasks")
        assert response.status_code == 200
        district = client.get(reverse("regions:district-list"), follow=True)
        assert district.redirect_chain[-1][0] == reverse(
            "regions:district-detail", args=[rotenburg.ags]
        )

    def test_a_deactivated_account_cannot_log_in_through_the_directory(self, client, directory):
        log_in(client, "anna", ANNA.password)
        client.logout()
        User.objects.filter(username="anna").update(is_active=False)

        response = log_in(client, "anna", ANNA.password)
        assert logged_in_user(client) is None
        assert WRONG in response.content.decode()

    def test_deactivating_ends_a_running_session(self, client, directory):
        log_in(client, "anna", ANNA.password)
        assert client.get(reverse("accounts:profile")).status_code == 200
        User.objects.filter(username="anna").update(is_active=False)
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestRefused:
    def test_a_wrong_password_is_refused_with_the_usual_message(self, client, directory):
        response = log_in(client, "anna", "falsch")
        assert logged_in_user(client) is None
        assert WRONG in response.content.decode()
        assert not User.objects.filter(username="anna").exists()

    def test_an_unknown_user_is_refused(self, client, directory):
        response = log_in(client, "niemand", "egal-Teilhabe-2026")
        assert WRONG in response.content.decode()
        assert not User.objects.filter(username="niemand").exists()

    def test_a_wildcard_in_the_name_finds_nobody(self, client, directory):
        # Unescaped, "ann*" would find anna's entry and log in with her password.
        response = log_in(client, "ann*", ANNA.password)
        assert WRONG in response.content.decode()
        assert not User.objects.exists()

    def test_an_empty_password_is_refused_without_an_anonymous_bind(self, client, directory):
        response = client.post(reverse("accounts:login"), {"username": "anna", "password": ""})
        assert response.status_code == 200
        assert logged_in_user(client) is None
        assert not User.objects.filter(username="anna").exists()


class TestLocalAccounts:
    def test_a_local_account_is_not_taken_over_by_the_directory_entry_of_that_name(
        self, client, directory, rotenburg
    ):
        alice = make_user("alice", Role.COORDINATOR, rotenburg, email="alice@rotenburg.example")
        for spelling in ["alice", "Alice", "ALICE"]:
            response = log_in(client, spelling, PEOPLE["alice"].password)
            assert logged_in_user(client) is None
            assert WRONG in response.content.decode()
        alice.refresh_from_db()
        assert (alice.last_name, alice.email) == ("", "alice@rotenburg.example")
        assert alice.check_password("alice-pw-Teilhabe-2026")
        assert User.objects.filter(username__iexact="alice").count() == 1
        # Her own password still works.
        response = log_in(client, "alice", "alice-pw-Teilhabe-2026")
        assert logged_in_user(client) == alice
        assert response.redirect_chain[-1][0] == reverse("tasklist:my-tasks")
        district = client.get(reverse("regions:district-list"), follow=True)
        assert district.redirect_chain[-1][0] == reverse(
            "regions:district-detail", args=[rotenburg.ags]
        )

    def test_a_local_account_whose_password_was_disabled_is_not_taken_over_either(
        self, client, directory, rotenburg
    ):
        alice = make_user("alice", Role.COORDINATOR, rotenburg)
        alice.set_unusable_password()
        alice.save()
        log_in(client, "alice", PEOPLE["alice"].password)
        assert logged_in_user(client) is None
        alice.refresh_from_db()
        assert alice.last_name == ""

    def test_the_local_admin_still_logs_in_and_the_directory_admin_does_not(
        self, client, directory
    ):
        admin = User.objects.create_superuser("admin", password="admin-lokal-Teilhabe-2026")
        log_in(client, "admin", PEOPLE["admin"].password)
        assert logged_in_user(client) is None
        log_in(client, "admin", "admin-lokal-Teilhabe-2026")
        assert logged_in_user(client) == admin
        admin.refresh_from_db()
        assert admin.first_name == ""  # nothing taken from the directory's "admin"

    def test_local_logins_work_while_the_directory_is_down(self, client, configure_ldap):
        admin = User.objects.create_superuser("admin", password="admin-lokal-Teilhabe-2026")
        with configure_ldap(TEILHABE_LDAP_URI=f"ldap://127.0.0.1:{free_port()}"):
            response = log_in(client, "anna", ANNA.password)
            assert WRONG in response.content.decode()
            log_in(client, "admin", "admin-lokal-Teilhabe-2026")
            assert logged_in_user(client) == admin

    def test_a_refused_service_account_refuses_directory_logins(self, client, configure_ldap):
        with configure_ldap(TEILHABE_LDAP_BIND_PASSWORD="falsch"):
            response = log_in(client, "anna", ANNA.password)
        assert WRONG in response.content.decode()
        assert not User.objects.filter(username="anna").exists()


class TestLockout:
    def test_repeated_failures_lock_a_directory_user_out_in_any_spelling(self, client, directory):
        for spelling in ["anna", "Anna", "ANNA", "aNNA"]:
            response = log_in(client, spelling, "falsch")
            assert response.status_code == 200
            assert WRONG in response.content.decode()
        assert log_in(client, "AnnA", "falsch").status_code == 429
        # Locked now: even the right password is refused, with an explanation.
        response = log_in(client, "anna", ANNA.password)
        assert response.status_code == 429
        assert "vorübergehend gesperrt" in response.content.decode()
        assert logged_in_user(client) is None

    def test_a_successful_directory_login_resets_the_count(self, client, directory):
        for _ in range(4):
            log_in(client, "anna", "falsch")
        log_in(client, "anna", ANNA.password)
        client.logout()
        for _ in range(4):
            assert log_in(client, "anna", "falsch").status_code == 200


class TestTransportSecurity:
    def test_start_tls_with_the_districts_ca_file(self, client, configure_ldap, slapd):
        with configure_ldap(TEILHABE_LDAP_START_TLS="1", TEILHABE_LDAP_CA_FILE=slapd.ca_file):
            log_in(client, "anna", ANNA.password)
        assert logged_in_user(client).username == "anna"

    def test_ldaps_with_the_districts_ca_file(self, client, configure_ldap, slapd):
        with configure_ldap(TEILHABE_LDAP_URI=slapd.ldaps_uri, TEILHABE_LDAP_CA_FILE=slapd.ca_file):
            log_in(client, "anna", ANNA.password)
        assert logged_in_user(client).username == "anna"

    @pytest.mark.parametrize("tls", [{"TEILHABE_LDAP_START_TLS": "1"}, {"uri": "ldaps"}])
    def test_a_certificate_the_machine_does_not_trust_is_refused(
        self, client, configure_ldap, slapd, tls
    ):
        overrides = {"TEILHABE_LDAP_URI": slapd.ldaps_uri} if "uri" in tls else tls
        with configure_ldap(**overrides):
            response = log_in(client, "anna", ANNA.password)
        assert WRONG in response.content.decode()
        assert logged_in_user(client) is None
