import pytest
from django.db import transaction

from teilhabe import testing, testing_smtp
from teilhabe.core.tests import fixtures_everything, live


@pytest.fixture(scope="session")
def installation(tmp_path_factory):
    """One live installation (migrated database, reference data, a coordinator) shared by the
    load and crash tests: migrating takes seconds, each test makes its own wave or report."""
    with live.installation(tmp_path_factory.mktemp("live")) as found:
        yield found


@pytest.fixture
def mail_server():
    """A real SMTP server on loopback, in a thread of the test process (testing_smtp.py)."""
    mail = testing_smtp.MailServer()
    server, thread = testing_smtp.start(mail)
    yield mail
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Both districts, the personas and data of every kind (`fixtures_everything`), made once
    per test module inside a transaction that is rolled back when the module is done. Each test
    runs in a savepoint of its own (pytest-django's `db`), so no test sees another's writes.
    For the modules that walk every view with hundreds of tests (permission table, hostile
    input)."""
    from teilhabe.core.tests.test_permissions import LINKS

    with django_db_blocker.unblock(), transaction.atomic():
        rotenburg, osterholz = testing.make_rotenburg(), testing.make_osterholz()
        personas = testing.make_personas(rotenburg, osterholz)
        LINKS.update(fixtures_everything.populate(personas, rotenburg, osterholz))
        yield personas
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker):
    """One login per persona for the whole module: the session key Django's `login()` made
    (the same signal and audit entry as a real login), inside `world`'s transaction. A test
    hands it to its client as the cookie; what a request does to the session is undone with
    the test's savepoint, so every test starts from the session as it was made."""
    with django_db_blocker.unblock():
        return {name: testing.session_key(user) for name, user in world.items()}
