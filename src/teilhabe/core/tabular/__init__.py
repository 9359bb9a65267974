"""Spreadsheet files as German offices use them: XLSX and CSV that German Excel opens and saves.

Writing: `writer` writes every export of Teilhabe (one place for the formula guard, the content
types and the layout); `download` turns a file into an HTTP download.

Reading, for every import: `reader` decodes CSV as German Excel saves it (for the commands that
run without Django, too); `reading` turns bytes into rows (format by content, encodings,
delimiter, limits), `cells` turns cells into values with German messages, `table` describes a
file's columns once and reads rows into values and located problems, `plan` is the
all-or-nothing import (a plan that writes nothing, then one transaction), and `pages` with
`uploads` the upload → preview → apply pages with their shared template.

`writer`, `reader` and this package import no Django (`teilhabe apportion` and `teilhabe place`
run without it); the other reading modules do, for their translated messages. No module here
imports a feature app."""
