"""200 clients autosave questionnaire answers against gunicorn as `teilhabe up` runs it, for a
bounded time: every request is answered 200, and afterwards every acknowledged save is in the
database with the acknowledged value and version. On SQLite this also shows that concurrent
writers wait for each other instead of a "database is locked" reaching anyone."""

import asyncio
import time

import pytest

from teilhabe.core.tests import live

pytestmark = [pytest.mark.serial, pytest.mark.throughput]  # measures: alone, at the end

CLIENTS = 200
SECONDS = 6.0


def test_200_clients_autosave_without_errors_and_nothing_is_lost(installation):
    wave = installation.call("make_wave", clients=CLIENTS, questions=3, name="Lasttest")
    answerers = [live.Answerer(name, token) for name, token in wave["links"]]
    tally = live.Tally()
    server = live.gunicorn(installation)
    try:

        async def load() -> None:
            deadline = time.monotonic() + SECONDS
            await asyncio.gather(
                *(
                    live.answer_until(server.port, a, wave["questions"], tally, deadline)
                    for a in answerers
                )
            )

        live.run(load)
    finally:
        live.stop(server.process)
    assert tally.failures == {} and tally.unexpected == [], (tally, server.log_text()[-3000:])
    assert set(tally.statuses) == {200}, tally.statuses
    assert all(a.acknowledged for a in answerers), "every client got at least one save through"
    print(f"{tally.acknowledged} saves acknowledged in {SECONDS} s by {CLIENTS} clients")
    assert tally.acknowledged >= CLIENTS * 2, tally.acknowledged
    stored = installation.call("answers", wave=wave["wave"])
    assert live.check_answers(answerers, stored) == []
    assert sum(version for *_rest, version in stored) == tally.acknowledged
    assert max(version for *_rest, version in stored) >= 2, "answers were changed, too"
    assert "Traceback" not in server.log_text()
