"""Spreadsheet files as German offices use them: XLSX and CSV that German Excel opens.

`writer` writes every export of Teilhabe (one place for the formula guard, the content types
and the layout); `download` turns a file into an HTTP download. The reading side of the imports
(German Excel's CSV and XLSX, the cell parsers) is meant to move here as well.

Neither `writer` nor this package imports Django: `teilhabe apportion` runs without it."""
