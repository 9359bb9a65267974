import pytest

from teilhabe.core.tests import live


@pytest.fixture(scope="session")
def installation(tmp_path_factory):
    """One live installation (migrated database, reference data, a coordinator) shared by the
    load and crash tests: migrating takes seconds, each test makes its own wave or report."""
    with live.installation(tmp_path_factory.mktemp("live")) as found:
        yield found
