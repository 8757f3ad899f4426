"""``ankigen sync`` against a sync server that is slow or broken: a proxy on 127.0.0.1 sits between
the CLI and Anki's own ``anki.syncserver`` and, at one stage of the sync, answers 504 Gateway
Timeout, cuts the connection in the middle of its answer or closes it without one. The user gets one ``ankigen sync:``
error line that names the server and what to do: no traceback, no raw ``HttpError {...}``, no password,
and the collection stays a valid one.

ankigen has no setting for the client's network timeout, so a stall is played by the cut
connection, which the client sees at once instead of after Anki's own timeout."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("anki")

from anki.collection import Collection

from ankigen.deliver.importing import import_package
from ankigen.deliver.remote import Credentials
from tests._apkg_factory import FakeNote, write_package
from tests._syncserver import Accounts, run_sync_server

REPO = Path(__file__).resolve().parent.parent
ACCOUNTS = Accounts(12, lambda n: f"slow-Pa55-{n}-plugh")

# the first request of each stage a user can be in when the server stops answering
STAGES = {
    "login": "/sync/hostKey",
    "normal sync": "/sync/meta",
    "full upload": "/sync/upload",
    "media": "/msync/begin",
}


class _FaultyProxy(http.server.ThreadingHTTPServer):
    """Forwards POSTs to ``upstream``; a request whose path starts with ``fault_path`` gets
    ``mode`` instead: ``"504"`` (Gateway Timeout), ``"cut"`` (a 200 that stops mid-body) or
    ``"hangup"`` (the connection closed with no answer)."""

    daemon_threads = True

    def __init__(self, upstream_port: int, fault_path: str, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream_port = upstream_port
        self.fault_path = fault_path
        self.mode = mode
        self.faults = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _FaultyProxy

    def _body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b""
        while size := int(self.rfile.readline().strip().split(b";")[0], 16):
            body += self.rfile.read(size)
            self.rfile.readline()
        self.rfile.readline()
        return body

    def do_POST(self) -> None:
        body = self._body()
        proxy = self.server
        if self.path.startswith(proxy.fault_path):
            proxy.faults += 1
            self.close_connection = True
            if proxy.mode == "504":
                text = b"<html><body><h1>504 Gateway Time-out</h1></body></html>"
                self.send_response(504, "Gateway Timeout")
                self.send_header("content-type", "text/html")
                self.send_header("content-length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)
            elif proxy.mode == "hangup":  # no answer at all
                self.connection.shutdown(socket.SHUT_RDWR)
            else:  # promise a long answer, send a little of it, hang up
                self.send_response(200)
                self.send_header("content-type", "application/octet-stream")
                self.send_header("content-length", "100000")
                self.end_headers()
                self.wfile.write(b"\x28\xb5\x2f\xfd partial")
            return
        upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=20)
        try:
            skip = ("host", "content-length", "transfer-encoding")
            headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
            upstream.request("POST", self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(key, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def faulty_proxy(server: str, fault_path: str, mode: str) -> Iterator[_FaultyProxy]:
    """A proxy in front of ``server`` on a free port; it stops when the block ends."""
    proxy = _FaultyProxy(int(server.rstrip("/").rsplit(":", 1)[1]), fault_path, mode)
    thread = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_sync_server(tmp_path_factory.mktemp("syncserver"), ACCOUNTS.users) as endpoint:
        yield endpoint


def _notes(path: Path) -> set[str]:
    col = Collection(str(path))
    try:
        assert col.db is not None
        assert col.db.scalar("pragma integrity_check") == "ok"
        return {str(guid) for (guid,) in col.db.all("select guid from notes")}
    finally:
        col.close()


@pytest.mark.parametrize("mode", ["504", "cut", "hangup"])
@pytest.mark.parametrize("stage", list(STAGES))
def test_a_failing_server_gives_one_clear_message(server: str, tmp_path: Path, stage: str, mode: str) -> None:
    account: Credentials = ACCOUNTS.take()
    collection = tmp_path / "bot" / "collection.anki2"
    image = tmp_path / "cell-9c1d.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n a cell")
    notes = [
        FakeNote("guid-mitosis", "Mitosis", "division into two cells"),
        FakeNote("guid-cell", "Cell", "unit of life", extra_fields={"Image": f'<img src="{image.name}">'}),
    ]
    import_package(collection, write_package(tmp_path / "v1.apkg", notes, timestamp=1_750_000_000.0, media=[image]))
    before = _notes(collection)
    env = dict(os.environ, ANKIWEB_USERNAME=account.username, ANKIWEB_PASSWORD=account.password)
    env["PYTHONPATH"] = str(REPO)

    with faulty_proxy(server, STAGES[stage], mode) as proxy:
        done = subprocess.run(
            [sys.executable, "-m", "ankigen", "sync", "--collection", str(collection), "--endpoint", proxy.endpoint],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    assert proxy.faults >= 1, f"the sync never reached {STAGES[stage]}: {done.stderr}"

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "HttpError" not in done.stderr and "HttpError" not in done.stdout
    assert account.password not in done.stdout + done.stderr
    (message,) = done.stderr.splitlines()  # one line, in the CLI's own error form
    assert message.startswith("ankigen sync: "), done.stderr
    assert proxy.endpoint.rstrip("/") in message, "names the server"
    assert "run again" in message, "says what to do"
    assert "AnkiWeb" not in message, "a self-hosted server is not AnkiWeb"
    assert _notes(collection) == before, "the collection is still valid and holds its notes"
