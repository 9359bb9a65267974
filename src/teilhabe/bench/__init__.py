"""Scale data and benchmarks support: `teilhabe bench generate`."""
