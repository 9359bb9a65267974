"""Cells that are small languages of their own: a range's parameters and an expression."""

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from teilhabe.surveys.xlsform.model import Section

_PARAMETER = re.compile(r"\s*([a-z_]+)\s*=\s*([^\s,;]+)\s*[,;]?")


def range_parameters(text: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """(start, end, step) of a range's parameters, pyxform's defaults 1, 10, 1 for those left
    out; None if the text is not such parameters."""
    values = {"start": Decimal(1), "end": Decimal(10), "step": Decimal(1)}
    position = 0
    text = text.strip()
    while position < len(text):
        match = _PARAMETER.match(text, position)
        if not match or match.group(1) not in values or match.end() == position:
            return None
        try:
            number = Decimal(match.group(2))
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        values[match.group(1)] = number
        position = match.end()
    return values["start"], values["end"], values["step"]


def expression_problem(source: str, names: set[str]) -> tuple[str | None, list[str]]:
    """(why the expression engine refuses it, names it refers to that are not questions)."""
    from teilhabe.engine import expressions  # here, so that writing never loads the engine

    try:
        parsed = expressions.parse(source)
    except expressions.ExpressionError as error:
        message = _("the expression is not valid at character {position}: {detail}")
        return message.format(position=error.position + 1, detail=error.render(_)), []
    return None, sorted(expressions.references(parsed) - names)


def layout_problem(source: str, sections: "tuple[Section, ...]") -> str | None:
    """Why the expression does not fit the form's repeats (indexed-repeat() over a group that
    is not a repeat around its question), or None."""
    from teilhabe.engine import expressions
    from teilhabe.surveys.runtime import layout_of

    try:
        expressions.check_layout(expressions.parse(source), layout_of(sections))
    except expressions.ExpressionError as error:
        message = _("the expression is not valid at character {position}: {detail}")
        return message.format(position=error.position + 1, detail=error.render(_))
    return None
