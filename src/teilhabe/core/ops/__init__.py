"""Operations: what an IT provider's monitoring reads, never a user.

`/ready/` (views.py), one log line per request and per background task run (logs.py,
middleware.py, tasks.py) and the Prometheus metrics at `/metrics/` (metrics.py). README,
"Operations", is the operator's side of it."""
