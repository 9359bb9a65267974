"""Fixtures shared by the unit, integration and browser tests."""

import os

import pytest
from hypothesis import settings

# No per-example deadline: the suite runs in parallel on a machine that may be busy, and a
# property test is about correctness; how fast things are is measured in benchmarks/.
settings.register_profile("teilhabe", deadline=None)
settings.load_profile("teilhabe")

from teilhabe import testing

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def rotenburg(db):
    return testing.make_rotenburg()


@pytest.fixture
def osterholz(db):
    return testing.make_osterholz()


@pytest.fixture
def personas(rotenburg, osterholz):
    return testing.make_personas(rotenburg, osterholz)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in a thread (teilhabe.testing_smtp) that Django's mails go to."""
    from teilhabe import testing_smtp

    mail = testing_smtp.MailServer()
    server, thread = testing_smtp.start(mail)
    settings.MAILERS = testing_smtp.mailers(mail)
    yield mail
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
