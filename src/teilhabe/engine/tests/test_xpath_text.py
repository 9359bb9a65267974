"""Text functions of the ODK XForms library: string(), concat(), join(), substr(),
substring-before/-after(), translate(), string-length(), normalize-space(), contains(),
starts-with(), ends-with(), regex(), uuid(), digest(), base64-decode().

Each row is what a form designer may write and what it must give, from the specification and,
where it is terse, JavaRosa's behaviour (ODK Collect)."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.engine.expressions import MAX_REGEX_INPUT, Layout
from teilhabe.engine.tests.xpath_support import Case, assert_same, ids, refused, value

REPEAT = Layout(repeats={"kids": None}, inside={"name": "kids"})
KIDS = {"kids": [{"name": "Ada"}, {"name": ""}, {"name": "Bo"}]}

CASES: list[Case] = [
    # string()
    ("string('abc')", {}, "abc"),
    ("string(12)", {}, "12"),
    ("string(-0.5)", {}, "-0.5"),
    ("string(1 div 0)", {}, "Infinity"),
    ("string(-1 div 0)", {}, "-Infinity"),
    ("string(${d})", {"d": date(2024, 1, 2)}, "2024-01-02"),
    ("string(${q})", {"q": ["a", "b"]}, "a b"),
    ("string(${q})", {}, ""),
    ("string(false())", {}, "false"),
    ("string(${name})", KIDS, "Ada"),  # a node-set: its first node
    # concat()
    ("concat('a', 'b', 'c')", {}, "abc"),
    ("concat('a')", {}, "a"),
    ("concat(${x}, '-', ${y})", {"x": 1}, "1-"),
    ("concat(1.50, '')", {}, "1.5"),
    ("concat(${name})", KIDS, "AdaBo"),  # every node of a node-set
    ("concat('[', ${name}, ']')", KIDS, "[AdaBo]"),
    ("concat(${q}, '!')", {"q": ("x", "y")}, "x y!"),
    # join()
    ("join(', ', 'a', 'b', 'c')", {}, "a, b, c"),
    ("join(', ')", {}, ""),
    ("join('', 'a', 'b')", {}, "ab"),
    ("join(' | ', ${name})", KIDS, "Ada |  | Bo"),
    ("join('-', 1, true(), ${x})", {"x": ""}, "1-true-"),
    ("join(${sep}, 'a', 'b')", {"sep": "+"}, "a+b"),
    # substr(): 0-based start, end excluded, negative counts from the end
    ("substr('hello', 0)", {}, "hello"),
    ("substr('hello', 1)", {}, "ello"),
    ("substr('hello', 1, 3)", {}, "el"),
    ("substr('hello', 0, 5)", {}, "hello"),
    ("substr('hello', 0, 99)", {}, "hello"),
    ("substr('hello', 5)", {}, ""),
    ("substr('hello', 9)", {}, ""),
    ("substr('hello', 3, 1)", {}, ""),
    ("substr('hello', -2)", {}, "lo"),
    ("substr('hello', 0, -1)", {}, "hell"),
    ("substr('hello', -9, 2)", {}, "he"),
    ("substr('hello', 1.9, 3.9)", {}, "el"),  # truncated
    ("substr('hello', 'x')", {}, "hello"),  # NaN counts as 0
    ("substr('hello', 0, 1 div 0)", {}, "hello"),
    ("substr('hello', 1 div 0)", {}, ""),
    ("substr(${plz}, 0, 2)", {"plz": "27356"}, "27"),
    ("substr(12345, 1, 3)", {}, "23"),
    ("substr('Grüße', 2, 4)", {}, "üß"),
    ("substr(${q}, 0, 1)", {}, ""),
    # substring-before() / substring-after()
    ("substring-before('1999/04/01', '/')", {}, "1999"),
    ("substring-after('1999/04/01', '/')", {}, "04/01"),
    ("substring-before('abc', 'x')", {}, ""),
    ("substring-after('abc', 'x')", {}, ""),
    ("substring-before('abc', '')", {}, ""),
    ("substring-after('abc', '')", {}, "abc"),
    ("substring-after('a-b-c', '-')", {}, "b-c"),
    ("substring-before(${n}, ' ')", {"n": "Ada Lovelace"}, "Ada"),
    ("substring-after(${n}, ' ')", {"n": "Ada Lovelace"}, "Lovelace"),
    ("substring-before(3.25, '.')", {}, "3"),
    # translate()
    ("translate('bar', 'abc', 'ABC')", {}, "BAr"),
    ("translate('--aaa--', 'abc-', 'ABC')", {}, "AAA"),
    ("translate('abc', 'aa', 'xy')", {}, "xbc"),  # the first occurrence decides
    ("translate('abc', '', 'xyz')", {}, "abc"),
    ("translate('abc', 'abc', '')", {}, ""),
    ("translate('Straße', 'ß', 's')", {}, "Strase"),
    (
        "translate(${x}, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')",
        {"x": "kreis"},
        "KREIS",
    ),
    ("translate(2024, '0', 'o')", {}, "2o24"),
    # string-length()
    ("string-length('')", {}, 0),
    ("string-length('abc')", {}, 3),
    ("string-length('  ')", {}, 2),
    ("string-length('Grüße 👋')", {}, 7),  # characters, not UTF-16 units
    ("string-length(1.5)", {}, 3),
    ("string-length(${q})", {"q": ["ab", "c"]}, 4),
    ("string-length(${name})", KIDS, 3),
    # normalize-space()
    ("normalize-space('  a   b  ')", {}, "a b"),
    ("normalize-space('a\tb\nc\r d')", {}, "a b c d"),
    ("normalize-space('')", {}, ""),
    ("normalize-space('   ')", {}, ""),
    ("normalize-space('a\u00a0 b')", {}, "a\u00a0 b"),  # XPath's whitespace is 4 characters
    ("normalize-space(${x})", {"x": " Rotenburg  (Wümme) "}, "Rotenburg (Wümme)"),
    # contains(), starts-with(), ends-with()
    ("contains('Landkreis', 'kreis')", {}, True),
    ("contains('Landkreis', 'Kreis')", {}, False),
    ("contains('', '')", {}, True),
    ("contains('abc', '')", {}, True),
    ("contains('', 'a')", {}, False),
    ("contains(12345, 34)", {}, True),
    ("contains(${q}, 'b')", {"q": ["a", "b"]}, True),
    ("starts-with('Landkreis', 'Land')", {}, True),
    ("starts-with('Landkreis', 'land')", {}, False),
    ("starts-with('abc', '')", {}, True),
    ("starts-with(${x}, '49')", {"x": "4917"}, True),
    ("ends-with('Landkreis', 'kreis')", {}, True),
    ("ends-with('Landkreis', 'Land')", {}, False),
    ("ends-with('', '')", {}, True),
    ("ends-with(2.5, '.5')", {}, True),
    # regex(): the whole text must match
    ("regex('12345', '[0-9]{5}')", {}, True),
    ("regex('1234', '[0-9]{5}')", {}, False),
    ("regex('', '')", {}, True),
    ("regex('abc', 'b')", {}, False),
    ("regex('abc', '.*b.*')", {}, True),
    ("regex('ABC', '(?i)abc')", {}, True),
    ("regex('a.b', 'a\\.b')", {}, True),
    ("regex('axb', 'a\\.b')", {}, False),
    ("regex(${email}, '[^@ ]+@[^@ ]+\\.[a-z]{2,}')", {"email": "amt@rotenburg-wuemme.de"}, True),
    ("regex(${email}, '[^@ ]+@[^@ ]+\\.[a-z]{2,}')", {"email": "amt at rotenburg"}, False),
    ("regex(${tel}, '\\+?[0-9 /-]{6,20}')", {"tel": "+49 4261 983-0"}, True),
    ("regex('Ä', '[A-ZÄÖÜ]')", {}, True),
    # uuid()
    ("string-length(uuid())", {}, 36),
    ("substr(uuid(), 14, 15)", {}, "4"),  # version 4
    ("string-length(uuid(0))", {}, 0),
    ("string-length(uuid(12))", {}, 12),
    ("string-length(uuid(-5 + ${x}))", {"x": 0}, 0),
    ("string-length(uuid(${n}))", {"n": 5000}, 1000),  # capped
    ("string-length(uuid(${n}))", {"n": "x"}, 0),
    ("uuid() = uuid()", {}, False),
    # digest()
    ("digest('abc', 'MD5', 'hex')", {}, "900150983cd24fb0d6963f7d28e17f72"),
    ("digest('abc', 'SHA-1', 'hex')", {}, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    (
        "digest('abc', 'SHA-256', 'hex')",
        {},
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ),
    ("digest('abc', 'SHA-256')", {}, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
    ("digest('abc', 'sha-256', 'base64')", {}, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
    ("digest('', 'MD5', 'hex')", {}, "d41d8cd98f00b204e9800998ecf8427e"),
    ("string-length(digest('abc', 'SHA-384', 'hex'))", {}, 96),
    ("string-length(digest('abc', 'SHA-512', 'hex'))", {}, 128),
    ("digest('abc', ${alg}, 'hex')", {"alg": "SHA-3"}, ""),  # only the answers say which
    ("digest('abc', 'MD5', ${enc})", {"enc": "base32"}, ""),
    ("digest('Grüße', 'MD5', 'hex')", {}, hashlib.md5("Grüße".encode()).hexdigest()),
    # base64-decode()
    ("base64-decode('SGFsbG8=')", {}, "Hallo"),
    ("base64-decode('R3LDvMOfZQ==')", {}, "Grüße"),
    ("base64-decode('')", {}, ""),
    ("base64-decode('not base64!')", {}, ""),
    ("base64-decode('SGFsbG8')", {}, ""),  # padding missing
    ("base64-decode('/w==')", {}, "\ufffd"),  # not UTF-8: replaced, as JavaRosa
    ("base64-decode('Grüße')", {}, ""),  # not ASCII, so not base64
]


@pytest.mark.parametrize(("source", "answers", "expected"), CASES, ids=ids(CASES))
def test_text_functions(source: str, answers: dict[str, Any], expected: Any) -> None:
    layout = REPEAT if "kids" in answers else None
    assert_same(value(source, answers, layout=layout), expected)


def test_normalize_space_without_an_argument_reads_the_question_itself() -> None:
    assert value("normalize-space()", current="  a  b ") == "a b"
    assert value("normalize-space() = 'a b'", current=" a b") is True


def test_uuid_is_a_version_4_uuid_and_uuid_n_letters_and_digits() -> None:
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value("uuid()")
    )
    assert re.fullmatch(r"[A-Za-z0-9]{40}", value("uuid(40)"))
    assert len({value("uuid(10)") for _ in range(20)}) == 20


ERRORS: list[tuple[str, int, str]] = [
    ("substr('a')", 0, "substr() takes 2 or 3 arguments, got 1"),
    ("substr('a', 1, 2, 3)", 0, "substr() takes 2 or 3 arguments, got 4"),
    ("translate('a', 'b')", 0, "translate() takes 3 arguments, got 2"),
    ("substring-before('a')", 0, "substring-before() takes 2 arguments, got 1"),
    ("substring-after()", 0, "substring-after() takes 2 arguments, got 0"),
    ("normalize-space('a', 'b')", 0, "normalize-space() takes 0 or 1 arguments, got 2"),
    ("join()", 0, "join() takes at least 1 argument, got 0"),
    ("contains('a')", 0, "contains() takes 2 arguments, got 1"),
    ("ends-with('a', 'b', 'c')", 0, "ends-with() takes 2 arguments, got 3"),
    ("uuid(1, 2)", 0, "uuid() takes 0 or 1 arguments, got 2"),
    ("uuid(1001)", 5, "uuid() makes texts of 0 to 1000 characters"),
    ("digest('a')", 0, "digest() takes 2 or 3 arguments, got 1"),
    (
        "digest('a', 'SHA-3')",
        12,
        "digest() knows the algorithms MD5, SHA-1, SHA-256, SHA-384 and SHA-512, not “SHA-3”",
    ),
    ("digest('a', 'MD5', 'base32')", 19, "digest() writes “base64” or “hex”, not “base32”"),
    ("base64-decode()", 0, "base64-decode() takes 1 argument, got 0"),
    ("regex('a')", 0, "regex() takes 2 arguments, got 1"),
    ("regex(., '[a-')", 9, "invalid regular expression: unterminated character set"),
    ("regex(., '*')", 9, "invalid regular expression: nothing to repeat"),
    ("string()", 0, "string() takes 1 argument, got 0"),
    (
        "substring('hello', 2)",
        0,
        "substring() is not supported in Teilhabe, nor in ODK: use substr()",
    ),
]


@pytest.mark.parametrize(("source", "position", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_text_functions_refused_when_parsing(source: str, position: int, message: str) -> None:
    error = refused(source)
    assert message in error.message
    assert error.position == position


def test_regex_on_too_long_a_text_is_refused_where_it_is_called() -> None:
    with pytest.raises(Exception, match="texts of 10000 characters"):
        value("regex(., 'a*')", current="a" * (MAX_REGEX_INPUT + 1))


# --- properties ----------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(exclude_characters="'"), max_size=12)
positions = st.integers(-15, 15)


@settings(max_examples=150)
@given(texts, positions, st.none() | positions)
def test_substr_is_a_python_slice(text: str, start: int, end: int | None) -> None:
    source = f"substr(${{t}}, {start})" if end is None else f"substr(${{t}}, {start}, {end})"
    assert value(source, {"t": text}) == text[start:end]


@settings(max_examples=150)
@given(texts, texts, texts)
def test_translate_keeps_length_when_both_sets_are_equally_long(
    text: str, source: str, target: str
) -> None:
    target = ((target or "x") * (len(source) + 1))[: len(source)]
    result = value("translate(${t}, ${s}, ${r})", {"t": text, "s": source, "r": target})
    assert len(result) == len(text)
    assert all(char not in source or char in target for char in result)
    assert value("translate(${t}, ${s}, ${s})", {"t": text, "s": source}) == text
    deleted = value("translate(${t}, ${s}, '')", {"t": text, "s": source})
    assert deleted == "".join(char for char in text if char not in source)


@settings(max_examples=100)
@given(st.text(alphabet=" \t\r\nab\u00a0", max_size=15))
def test_normalize_space_is_idempotent_and_leaves_single_spaces(text: str) -> None:
    once = value("normalize-space(${t})", {"t": text})
    assert value("normalize-space(${t})", {"t": once}) == once
    assert "  " not in once and once == once.strip(" \t\r\n")
    assert once == " ".join(part for part in re.split("[ \t\r\n]+", text) if part)


@settings(max_examples=100)
@given(texts, texts)
def test_before_part_after_rebuilds_the_text_when_the_part_occurs(text: str, part: str) -> None:
    answers = {"t": text, "p": part}
    before = value("substring-before(${t}, ${p})", answers)
    after = value("substring-after(${t}, ${p})", answers)
    if part in text:
        assert before + part + after == text and value("contains(${t}, ${p})", answers)
    else:
        assert (before, after) == ("", "") and not value("contains(${t}, ${p})", answers)
    assert value("starts-with(${t}, ${p})", answers) is text.startswith(part)
    assert value("ends-with(${t}, ${p})", answers) is text.endswith(part)
    assert value("string-length(concat(${t}, ${p}))", answers) == len(text) + len(part)


@settings(max_examples=60)
@given(st.text(max_size=20), st.sampled_from(["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]))
def test_digest_agrees_with_hashlib_in_both_encodings(text: str, algorithm: str) -> None:
    expected = hashlib.new(algorithm.replace("-", "").lower(), text.encode()).digest()
    answers = {"t": text, "a": algorithm}
    assert value("digest(${t}, ${a}, 'hex')", answers) == expected.hex()
    assert value("digest(${t}, ${a})", answers) == base64.b64encode(expected).decode()


@settings(max_examples=60)
@given(st.text(max_size=20))
def test_base64_decode_undoes_base64(text: str) -> None:
    assert value("base64-decode(${b})", {"b": base64.b64encode(text.encode()).decode()}) == text
