"""Errors that several apps raise alike, so that views and the API answer them alike."""

from typing import Any


class EditConflict(Exception):
    """Someone else saved the object after it was opened (its version moved on); nothing was
    written. `current` is the object as it is now, for showing what changed and for the
    version to send with a second try."""

    def __init__(self, current: Any) -> None:
        name = type(current).__name__
        super().__init__(f"{name} {current.pk} changed meanwhile (version {current.version})")
        self.current = current


def require_version(current: Any, expected: int | None) -> None:
    """Refuse with EditConflict unless `current` (read under a row lock) is still at the
    version the user saw; `expected=None` means the caller asks for no check."""
    if expected is not None and current.version != expected:
        raise EditConflict(current)
