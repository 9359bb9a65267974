"""The parts of the XLSForm expression engine; `teilhabe.engine.expressions` is its public face
and documents the language. Import from there, not from here.

    tree        the syntax tree, the operators, the limits, ExpressionError
    values      what a value is (answers and node-sets); XPath's conversions between them
    datetimes   reading and writing dates, dateTimes and times; their numbers of days
    operators   comparison and arithmetic
    repeats     the form's layout of repeat groups; what ${name} means in a repeat instance
    functions   the function library, one module per family (text, numbers, dates, choices,
                logic, repeats) and the functions refused by name, with each function's arity,
                parse-time checks and implementation
    evaluator   walking a parsed tree over the answers; relevance in form order

The text side (tokenizer and parser) lives in `expressions` itself: it is the only place where
the form designer's text is read, and a test keeps Python's own parser out of it."""
