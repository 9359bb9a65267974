"""The sections of a status report, each built from the live data into plain, JSON-serialisable
dicts (names, numbers, codes, ISO dates) by reusing the read side of its app."""
