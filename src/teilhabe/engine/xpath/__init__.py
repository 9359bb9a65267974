"""The parts of the XLSForm expression engine; `teilhabe.engine.expressions` is its public face
and documents the language. Import from there, not from here.

    tree        the syntax tree, the operators, the limits, ExpressionError
    values      what a value is; conversions between numbers, text, booleans and dates
    operators   comparison and arithmetic
    functions   the function library (selected(), regex(), ...): each function's arity and
                implementation, looked up by name when parsing and when evaluating
    evaluator   walking a parsed tree over the answers; relevance in form order

The text side (tokenizer and parser) lives in `expressions` itself: it is the only place where
the form designer's text is read, and a test keeps Python's own parser out of it."""
