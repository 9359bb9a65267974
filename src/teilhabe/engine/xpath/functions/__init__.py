"""The function library: every function an expression may call, with how many arguments it
takes and what parsing checks; and the functions refused by name. Parsing refuses any other
name, so adding a function to a family is all it takes to offer it (see "Functions" in
`engine.expressions`).

    base        Function, what a function sees of the evaluator, shared checks
    text        string(), concat(), substr(), translate(), regex(), uuid(), digest()...
    numbers     number(), round(), pow(), log(), sin(), sum(), min(), max()...
    dates       today(), now(), date(), decimal-time(), format-date()...
    choices     selected(), selected-at(), count-selected(), jr:choice-name(), checklists
    logic       true(), not(), boolean-from-string(), if(), coalesce(), once()
    repeats     count(), count-non-empty(), position(..), indexed-repeat()
    refused     what cannot work here (pulldata(), instance(), area()...), with the reason"""

from teilhabe.engine.xpath.functions import choices, dates, logic, numbers, repeats, text
from teilhabe.engine.xpath.functions.base import Evaluation, Function, Implementation
from teilhabe.engine.xpath.functions.refused import REFUSED
from teilhabe.engine.xpath.functions.text import compile_pattern

__all__ = ["FUNCTIONS", "REFUSED", "Evaluation", "Function", "Implementation", "compile_pattern"]

FUNCTIONS: dict[str, Function] = {}
for _family in (text, numbers, dates, choices, logic, repeats):
    assert not FUNCTIONS.keys() & _family.FUNCTIONS.keys(), _family.__name__
    FUNCTIONS.update(_family.FUNCTIONS)
assert not FUNCTIONS.keys() & REFUSED.keys()
