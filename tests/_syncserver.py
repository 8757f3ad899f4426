"""Anki's own sync server (``python -m anki.syncserver``) on a free port of 127.0.0.1, for tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from itertools import count
from pathlib import Path

from ankigen.deliver.remote import Credentials


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def run_sync_server(base: Path, users: Mapping[str, str], *, wait: float = 30.0) -> Iterator[str]:
    """Start the server with its data in ``base`` and one empty account per ``users`` entry
    (name -> password); yield its endpoint once it accepts connections, stop it on exit."""
    base.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "SYNC_HOST": "127.0.0.1", "SYNC_PORT": str(port), "SYNC_BASE": str(base)}
    for n, (user, password) in enumerate(users.items(), start=1):
        env[f"SYNC_USER{n}"] = f"{user}:{password}"
    log_path = base / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "anki.syncserver"], env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + wait
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "the sync server did not start"
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Accounts:
    """``size`` server accounts, ``user1`` .. ``userN`` with passwords from ``password(n)``; a test
    file's server has all of them and each test takes a fresh, empty one with :meth:`take`."""

    def __init__(self, size: int, password: Callable[[int], str]) -> None:
        self.size = size
        self.password = password
        self._next = count(1)

    @property
    def users(self) -> dict[str, str]:
        """User name -> password of every account, for :func:`run_sync_server`."""
        return {f"user{n}": self.password(n) for n in range(1, self.size + 1)}

    def take(self) -> Credentials:
        n = next(self._next)
        assert n <= self.size, "add more SYNC_USERn accounts"
        return Credentials(f"user{n}", self.password(n))
