"""The API's rate limit counts each token's requests across processes and hosts: two separate
gunicorn servers (as on two nodes) with two workers each, on the same database, answer the same
token in parallel, and exactly the configured number of requests per minute gets through in
all – not one budget per worker or per node."""

import asyncio
import time

import pytest

from teilhabe.core.tests import live

pytestmark = pytest.mark.serial  # measures and kills servers: not beside other tests

LIMIT = 40
REQUESTS = 120


def test_the_limit_holds_across_workers_and_nodes(installation):
    token = installation.call("make_token", name="Lasttest Rate")["token"]
    rate = {"TEILHABE_API_RATE_PER_MINUTE": str(LIMIT)}
    servers = [live.gunicorn(installation, workers=2, **rate) for _node in range(2)]
    headers = {"Authorization": f"Bearer {token}"}
    try:
        if time.time() % 60 > 40:  # all requests in one minute's window
            time.sleep(60 - time.time() % 60)

        async def burst() -> list[int]:
            answers = await asyncio.gather(
                *(
                    live.http(servers[i % 2].port, "GET", "/api/v1/me", headers)
                    for i in range(REQUESTS)
                )
            )
            return [status for status, _headers, _body in answers]

        statuses = live.run(burst)
    finally:
        for server in servers:
            live.stop(server.process)
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == REQUESTS - LIMIT, statuses
    for server in servers:
        assert "Traceback" not in server.log_text()
