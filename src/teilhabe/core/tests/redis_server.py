"""A throw-away Redis for the shared-cache tests: Debian's redis-server on a free loopback port
in a temporary directory, persisting nothing (`--save ''`, `--appendonly no`). Nothing of the
machine's own Redis (if any) is used or touched."""

import shutil
import socket
import subprocess
from pathlib import Path

from teilhabe.core.tests.live import HOST, free_port, stop, wait_until

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def available() -> bool:
    return Path(REDIS_SERVER).is_file()


class RedisServer:
    """Start with start(), stop with stop(); `url` for TEILHABE_CACHE_URL."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(self._answers, 20, "redis-server to answer PING")
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            log = (self.directory / "redis.log").read_text(errors="replace")
            raise AssertionError(f"redis-server exited: {log[-2000:]}")
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
