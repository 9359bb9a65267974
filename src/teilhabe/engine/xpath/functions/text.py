"""Text: string(), concat(), join(), substr(), translate(), regex(), uuid(), digest()..."""

import base64
import hashlib
import math
import re
import secrets
import string
import sys
import uuid
from functools import lru_cache

from teilhabe.engine.xpath.functions.base import Evaluation, Function, eager
from teilhabe.engine.xpath.tree import (
    MAX_PATTERN_LENGTH,
    MAX_REGEX_INPUT,
    Call,
    ExpressionError,
    Number,
    Text,
    gettext_noop,
)
from teilhabe.engine.xpath.values import Value, each, to_number, to_string

_XPATH_SPACE = re.compile(r"[ \t\r\n]+")  # XPath's whitespace: no other space counts
_TOKEN_CHARACTERS = string.ascii_letters + string.digits
MAX_TOKEN_LENGTH = 1_000  # uuid(n)
_DIGESTS = {
    "md5": "md5",
    "sha-1": "sha1",
    "sha-256": "sha256",
    "sha-384": "sha384",
    "sha-512": "sha512",
}
_ENCODINGS = ("base64", "hex")


def index(value: Value) -> int:
    """A number as an index, as JavaRosa's int conversion: truncated; NaN is 0; infinity is
    as far as it goes."""
    number = to_number(value)
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return sys.maxsize if number > 0 else -sys.maxsize
    return int(number)


def _substr(text: Value, start: Value, end: Value = None) -> str:
    """0-based, end excluded; negative positions count from the end (as Python slices)."""
    whole = to_string(text)
    return whole[index(start) : None if end is None else index(end)]


def _before(text: Value, part: Value) -> str:
    whole, found = to_string(text), to_string(part)
    at = whole.find(found)
    return whole[:at] if at >= 0 else ""


def _after(text: Value, part: Value) -> str:
    whole, found = to_string(text), to_string(part)
    at = whole.find(found)
    return whole[at + len(found) :] if at >= 0 else ""


def _translate(text: Value, source: Value, target: Value) -> str:
    """XPath's translate(): the first occurrence in `source` decides; characters of `source`
    beyond the length of `target` are removed."""
    sources, targets = to_string(source), to_string(target)
    table: dict[int, str | None] = {}
    for position, char in enumerate(sources):
        table.setdefault(ord(char), targets[position] if position < len(targets) else None)
    return to_string(text).translate(table)


def _normalize_space(ev: Evaluation, call: Call) -> str:
    value = ev.evaluate(call.arguments[0]) if call.arguments else ev.current
    return _XPATH_SPACE.sub(" ", to_string(value)).strip(" \t\r\n")


def _uuid(length: Value = None) -> str:
    """A random version 4 UUID, or a random text of letters and digits of the given length."""
    if length is None:
        return str(uuid.uuid4())
    count = min(max(index(length), 0), MAX_TOKEN_LENGTH)
    return "".join(secrets.choice(_TOKEN_CHARACTERS) for _ in range(count))


def _check_uuid(call: Call) -> None:
    length = call.arguments[0] if call.arguments else None
    if isinstance(length, Number) and not 0 <= length.value <= MAX_TOKEN_LENGTH:
        raise ExpressionError(
            gettext_noop("uuid() makes texts of 0 to {most} characters"),
            length.position,
            most=str(MAX_TOKEN_LENGTH),
        )


def _digest(text: Value, algorithm: Value, encoding: Value = "base64") -> str:
    """XForms 1.1 digest(): MD5, SHA-1, SHA-256, SHA-384 or SHA-512 of the UTF-8 text, in
    base64 or hex. An unknown algorithm or encoding (known only when answering) gives ''."""
    name = _DIGESTS.get(to_string(algorithm).strip().lower())
    form = to_string(encoding).strip().lower()
    if name is None or form not in _ENCODINGS:
        return ""
    digest = hashlib.new(name, to_string(text).encode()).digest()
    return digest.hex() if form == "hex" else base64.b64encode(digest).decode("ascii")


def _check_digest(call: Call) -> None:
    algorithm = call.arguments[1]
    if isinstance(algorithm, Text) and algorithm.value.strip().lower() not in _DIGESTS:
        raise ExpressionError(
            gettext_noop(
                "digest() knows the algorithms MD5, SHA-1, SHA-256, SHA-384 and SHA-512,"
                " not “{algorithm}”"
            ),
            algorithm.position,
            algorithm=algorithm.value,
        )
    encoding = call.arguments[2] if len(call.arguments) == 3 else None
    if isinstance(encoding, Text) and encoding.value.strip().lower() not in _ENCODINGS:
        raise ExpressionError(
            gettext_noop("digest() writes “base64” or “hex”, not “{encoding}”"),
            encoding.position,
            encoding=encoding.value,
        )


def _base64_decode(text: Value) -> str:
    """The UTF-8 text the base64 stands for; '' if it is not base64."""
    try:
        raw = base64.b64decode(to_string(text).strip(), validate=True)
    except ValueError:  # binascii.Error, or a character outside ASCII
        return ""
    return raw.decode("utf-8", errors="replace")


def _regex(ev: Evaluation, call: Call) -> Value:
    text, pattern = (to_string(value) for value in ev.arguments(call))
    if len(text) > MAX_REGEX_INPUT:
        raise ExpressionError(
            gettext_noop("regex() is limited to texts of {most} characters"),
            call.position,
            most=str(MAX_REGEX_INPUT),
        )
    return compile_pattern(pattern, call.position).fullmatch(text) is not None


def _check_regex(call: Call) -> None:
    if isinstance(pattern := call.arguments[1], Text):
        compile_pattern(pattern.value, pattern.position)


def compile_pattern(pattern: str, position: int) -> re.Pattern[str]:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(
            gettext_noop("regex() is limited to patterns of {most} characters"),
            position,
            most=str(MAX_PATTERN_LENGTH),
        )
    try:
        return _compiled(pattern)
    except re.error as error:
        raise ExpressionError(
            gettext_noop("invalid regular expression: {reason}"), position, reason=error.msg
        ) from None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _join(separator: Value, *values: Value) -> str:
    return to_string(separator).join(to_string(value) for value in each(list(values)))


def _concat(*values: Value) -> str:
    return "".join(to_string(value) for value in each(list(values)))


FUNCTIONS: dict[str, Function] = {
    "string": eager(1, 1, to_string),
    "concat": eager(1, None, _concat),
    "join": eager(1, None, _join),
    "substr": eager(2, 3, _substr),
    "substring-before": eager(2, 2, _before),
    "substring-after": eager(2, 2, _after),
    "translate": eager(3, 3, _translate),
    "string-length": eager(1, 1, lambda text: len(to_string(text))),
    "normalize-space": Function(0, 1, _normalize_space),
    "contains": eager(2, 2, lambda text, part: to_string(part) in to_string(text)),
    "starts-with": eager(2, 2, lambda text, part: to_string(text).startswith(to_string(part))),
    "ends-with": eager(2, 2, lambda text, part: to_string(text).endswith(to_string(part))),
    "regex": Function(2, 2, _regex, _check_regex),
    "uuid": eager(0, 1, _uuid, _check_uuid),
    "digest": eager(2, 3, _digest, _check_digest),
    "base64-decode": eager(1, 1, _base64_decode),
}
