"""The sections of a status report, each built from the live data into the plain,
JSON-serialisable dicts that `reports.shapes` describes (names, numbers, codes, ISO dates), by
reusing the read side of its app."""
