"""Settings for the test suite: the real settings, with a throw-away data directory."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("TEILHABE_ENV", "test")
os.environ.setdefault("TEILHABE_DATA_DIR", tempfile.mkdtemp(prefix="teilhabe-test-"))
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Each parallel worker gets a data directory (SQLite file, uploads, imports) of its own.
    os.environ["TEILHABE_DATA_DIR"] = os.path.join(os.environ["TEILHABE_DATA_DIR"], worker)

from teilhabe.settings import *  # noqa: F403

# Playwright runs the browser from a sync test while live_server serves from a thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Static files come from the apps' folders through the finders; no collectstatic needed.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Hashing with argon2 is slow on purpose; tests create many users. The real setting is checked
# in core/tests/test_settings.py.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file, not ":memory:", for the SQLite test database: the browser tests' live server answers
# from its own threads, and an in-memory database would have to share one connection between
# them, which breaks when a browser request finishes after its test.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# The PDFs' fonts are converted once per test run, not once per test process.
if template_dir := os.environ.get("TEILHABE_TEST_TEMPLATE_DIR"):
    FONT_DIR = Path(template_dir) / "fonts"

# The browser tests load axe-core from the live server (tests/e2e/e2e_helpers.py), so that
# Chromium compiles it once per worker instead of once per check.
AXE_CORE = BASE_DIR.parent.parent / "tests" / "e2e" / "node_modules" / "axe-core"  # noqa: F405
if AXE_CORE.is_dir():
    STATICFILES_DIRS = [("test-axe-core", str(AXE_CORE))]

# Background tasks run at once in tests, so their effects can be checked directly.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# WhiteNoise looks static files up when they are asked for, instead of listing every app's
# static folder each time a test client starts (30 ms a test, hundreds of tests).
WHITENOISE_AUTOREFRESH = True
