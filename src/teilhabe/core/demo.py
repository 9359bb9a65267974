"""Example content for `teilhabe up --demo`. Every app adds its own (its AppConfig's
`load_example_data`, see core/installation.py).

Example content is always marked as such (Beispieldaten), so nobody mistakes it for the
district's real data."""

from django.contrib.auth import get_user_model
from django.db import transaction

from teilhabe.core import installation

EXAMPLE_MARK = "Beispieldaten"
EXAMPLE_PREFIX = "beispiel-"  # the user names of the example accounts


def example_data_present() -> bool:
    """True once `up --demo` has run; every page then carries a banner."""
    return get_user_model().objects.filter(username__startswith=EXAMPLE_PREFIX).exists()


@transaction.atomic
def load_demo() -> list[str]:
    """Let every app add its example data once; each skips what it already created."""
    return installation.load_example_data()
