"""Spreadsheet files as German offices use them: XLSX and CSV that German Excel opens.

`writer` writes every export of Teilhabe (one place for the formula guard, the content types
and the layout); `download` turns a file into an HTTP download; `reader` reads CSV as German
Excel saves it for the commands without Django. The rest of the imports' reading side (XLSX,
the cell parsers) is meant to move here as well.

Neither `writer`, `reader` nor this package imports Django: `teilhabe apportion` and
`teilhabe place` run without it."""
