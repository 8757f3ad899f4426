"""The sync server, AnkiWeb or a self-hosted ``anki.syncserver``: login, credentials, the session file.

Credentials come from :class:`Credentials`, from ``ANKIWEB_USERNAME``/``ANKIWEB_PASSWORD``, or
from a terminal prompt; they are never printed, logged or put into an exception message. An
optional session file (mode 0600) keeps the session key so the password need not be stored.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ankigen.patterns import lazy_compile

from ..errors import AnkigenError, UsageError

if TYPE_CHECKING:
    from ._anki import Collection, SyncAuth

__all__ = [
    "PASSWORD_ENV",
    "USERNAME_ENV",
    "Credentials",
    "Remote",
    "credentials_from_env_or_prompt",
    "full_sync_needed_message",
    "normalise_endpoint",
]

USERNAME_ENV = "ANKIWEB_USERNAME"
PASSWORD_ENV = "ANKIWEB_PASSWORD"

_MEDIA_SYNC_TIMEOUT_SECS = 600.0

_T = TypeVar("_T")

# Anki's text for a failed request is sometimes its Rust error's debug form, e.g.
# `HttpError { code: 400, context: "missing original size", source: None }` for an answer cut short
_RAW_HTTP_ERROR = lazy_compile(r'HttpError\s*\{\s*code:\s*\d+(?:,\s*context:\s*"([^"]*)")?')
_RUST_DEBUG = lazy_compile(r"\b[A-Z]\w*\s*\{\s*\w+:")
_ANKIWEB_PROBLEM = "AnkiWeb encountered a problem"
_NETWORK_ERROR = "A network error occurred"


def _server_trouble(exc: BaseException, where: str) -> str:
    """What went wrong with the server, in words: never Anki's raw ``HttpError {...}`` dump,
    and not "AnkiWeb" when the server is another one."""
    # one line, without the Unicode isolation marks Anki's translations put around details
    text = " ".join(str(exc).replace("\u2068", "").replace("\u2069", "").split()).rstrip(".")
    if text.startswith(_NETWORK_ERROR):
        return "the connection failed or was closed before the server answered (a timeout or a network problem)"
    raw = _RAW_HTTP_ERROR.search(text)
    if raw is not None:
        # the code is often the client's own (400 for a short answer), so only the context is shown
        detail = f" ({raw.group(1)})" if raw.group(1) else ""
        return f"the server's answer was cut off or not understood{detail}; it may be overloaded or timing out"
    if _RUST_DEBUG.search(text):
        return "the server's answer was cut off or not understood; it may be overloaded or timing out"
    if text.startswith(_ANKIWEB_PROBLEM) and where != "AnkiWeb":
        return "the server reported a problem (it may be overloaded, or a proxy in front of it timed out)"
    return text


@dataclass(frozen=True, slots=True)
class Credentials:
    """An AnkiWeb (or self-hosted server) login. The password is left out of ``repr``."""

    username: str
    password: str = field(repr=False)

    def __str__(self) -> str:
        return f"Credentials(username={self.username!r})"


def credentials_from_env_or_prompt(*, prompt: bool | None = None) -> Credentials:
    """Read ``ANKIWEB_USERNAME``/``ANKIWEB_PASSWORD``, or ask on the terminal.

    ``prompt=None`` asks only when standard input is a terminal.
    """
    username = os.environ.get(USERNAME_ENV, "")
    password = os.environ.get(PASSWORD_ENV, "")
    if username and password:
        return Credentials(username, password)
    if prompt is None:
        prompt = sys.stdin is not None and sys.stdin.isatty()
    if not prompt:
        raise AnkigenError(
            f"no sync credentials: set {USERNAME_ENV} and {PASSWORD_ENV} in the environment, "
            "run on a terminal to be asked, or use a session file from an earlier login"
        )
    try:
        if not username:
            username = input("AnkiWeb username (email): ").strip()
        if not password:
            password = getpass.getpass("AnkiWeb password: ")
    except (EOFError, KeyboardInterrupt):
        raise AnkigenError("no sync credentials given; nothing was changed") from None
    if not username or not password:
        raise AnkigenError("no sync credentials given; nothing was changed")
    return Credentials(username, password)


def normalise_endpoint(endpoint: str | None) -> tuple[str | None, Credentials | None]:
    """The server address with a trailing slash and without any ``user:password@`` in it (which
    would otherwise reach messages and the session file), and the credentials it held, if any."""
    if not endpoint:
        return None, None
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = endpoint if parts.password is None else endpoint.replace(parts.password, "***")
        raise UsageError(
            f"--endpoint {shown!r} is not an http(s) URL; give the sync server's address, e.g. http://localhost:8080/"
        )
    given: Credentials | None = None
    if parts.username is not None or parts.password is not None:
        user = urllib.parse.unquote(parts.username or "")
        password = urllib.parse.unquote(parts.password or "")
        given = Credentials(user, password) if user and password else None
        host = parts.netloc.rsplit("@", 1)[1]
        parts = parts._replace(netloc=host)
    address = urllib.parse.urlunsplit(parts)
    return (address if address.endswith("/") else address + "/"), given


@dataclass(frozen=True, slots=True)
class _Session:
    hkey: str = field(repr=False)
    endpoint: str | None
    login_endpoint: str | None


def _read_session(path: Path | None, login_endpoint: str | None) -> _Session | None:
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    hkey = data.get("hkey")
    endpoint = data.get("endpoint")
    stored_login = data.get("login_endpoint")
    if not isinstance(hkey, str) or not hkey:
        return None
    if stored_login != login_endpoint:
        return None  # a session for another server
    return _Session(
        hkey,
        endpoint if isinstance(endpoint, str) and endpoint else None,
        login_endpoint,
    )


def _write_session(path: Path | None, session: _Session) -> None:
    """Write the session file atomically, readable and writable by the user only (0600)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(
        {
            "hkey": session.hkey,
            "endpoint": session.endpoint,
            "login_endpoint": session.login_endpoint,
        }
    )
    fd, tmp = tempfile.mkstemp(prefix=".ankigen-session-", dir=path.parent)  # created 0600
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _forget_session(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


class Remote:
    """One logged-in sync session; wraps Anki's errors into messages without credentials."""

    def __init__(
        self,
        col: Collection,
        *,
        endpoint: str | None,
        credentials: Credentials | Callable[[], Credentials] | None,
        session_file: Path | None,
    ) -> None:
        self.col = col
        self.login_endpoint = endpoint
        self.credentials = credentials
        self.session_file = session_file
        self.auth: SyncAuth | None = None
        self.from_cache = False
        self.where = endpoint or "AnkiWeb"

    def login(self) -> None:
        session = _read_session(self.session_file, self.login_endpoint)
        if session is not None:
            self._set_auth(session.hkey, session.endpoint or self.login_endpoint)
            self.from_cache = True
            return
        self._login_with_password()

    def _login_with_password(self) -> None:
        from ._anki import BackendError, NetworkError, SyncError, SyncErrorKind

        creds = self.credentials
        if creds is None:
            creds = credentials_from_env_or_prompt()
        elif not isinstance(creds, Credentials):
            creds = creds()
        try:
            auth = self.col.sync_login(creds.username, creds.password, self.login_endpoint)
        except SyncError as exc:
            if exc.kind == SyncErrorKind.AUTH:
                raise AnkigenError(
                    f"{self.where} rejected the username or password; check {USERNAME_ENV} and "
                    f"{PASSWORD_ENV} (or what you typed) and try again; nothing was changed"
                ) from None
            raise AnkigenError(
                f"cannot log in to {self.where}: {_server_trouble(exc, self.where)}; "
                "nothing was changed, run again later"
            ) from None
        except NetworkError:
            raise AnkigenError(
                f"cannot reach the sync server {self.where}; check the network or --endpoint and run again; "
                "nothing was changed"
            ) from None
        except BackendError as exc:
            raise AnkigenError(
                f"cannot log in to {self.where}: {_server_trouble(exc, self.where)}; "
                "nothing was changed, run again later"
            ) from None
        finally:
            del creds
        self.from_cache = False
        endpoint = auth.endpoint if auth.HasField("endpoint") else self.login_endpoint
        self._set_auth(auth.hkey, endpoint)
        self._save()

    def _set_auth(self, hkey: str, endpoint: str | None) -> None:
        from ._anki import SyncAuth

        self.auth = SyncAuth(hkey=hkey, endpoint=endpoint) if endpoint else SyncAuth(hkey=hkey)

    def _save(self) -> None:
        if self.auth is None:
            return
        endpoint = self.auth.endpoint if self.auth.HasField("endpoint") else None
        _write_session(self.session_file, _Session(self.auth.hkey, endpoint, self.login_endpoint))

    def _call_with_auth(self, call: Callable[[SyncAuth], _T], what: str) -> _T:
        from ._anki import BackendError, NetworkError, SyncError, SyncErrorKind

        for attempt in range(2):
            assert self.auth is not None
            try:
                return call(self.auth)
            except SyncError as exc:
                if exc.kind == SyncErrorKind.AUTH and self.from_cache and attempt == 0:
                    # the cached session expired: forget it and log in with the password
                    _forget_session(self.session_file)
                    self._login_with_password()
                    continue
                if exc.kind == SyncErrorKind.AUTH:
                    raise AnkigenError(
                        f"{self.where} rejected the login while {what}; log in again "
                        f"(check {USERNAME_ENV}/{PASSWORD_ENV})"
                    ) from None
                raise AnkigenError(
                    f"{what} with {self.where} failed: {_server_trouble(exc, self.where)}; run again later"
                ) from None
            except NetworkError as exc:
                raise AnkigenError(
                    f"{what} with {self.where} failed: {_server_trouble(exc, self.where)}; "
                    "check the network or --endpoint and run again"
                ) from None
            except BackendError as exc:
                raise AnkigenError(
                    f"{what} with {self.where} failed: {_server_trouble(exc, self.where)}; run again later"
                ) from None
        raise AssertionError("unreachable")

    def normal_sync(self, what: str) -> tuple[int, str]:
        """A normal two-way sync; returns (what Anki says is still required, server message)."""
        out = self._call_with_auth(lambda auth: self.col.sync_collection(auth, False), what)
        if out.HasField("new_endpoint") and out.new_endpoint and self.auth is not None:
            self._set_auth(self.auth.hkey, out.new_endpoint)
            self._save()
        return int(out.required), out.server_message

    def full_sync(self, upload: bool) -> None:
        col = self.col
        what = "uploading the whole collection" if upload else "downloading the whole collection"
        col.close_for_full_sync()
        try:
            self._call_with_auth(
                lambda auth: col.full_upload_or_download(auth=auth, server_usn=None, upload=upload),
                what,
            )
        finally:
            col.reopen(after_full_sync=True)

    def sync_media(self) -> None:
        from ._anki import BackendError

        self._call_with_auth(self.col.sync_media, "syncing media")
        deadline = time.monotonic() + _MEDIA_SYNC_TIMEOUT_SECS
        while True:
            try:
                status = self.col.media_sync_status()
            except BackendError as exc:
                raise AnkigenError(
                    f"the collection was synced, but syncing media with {self.where} failed: "
                    f"{_server_trouble(exc, self.where)}; run again to retry"
                ) from None
            if not status.active:
                return
            if time.monotonic() > deadline:
                self.col.abort_media_sync()
                raise AnkigenError(
                    f"the collection was synced, but media sync with {self.where} timed out; run again to continue"
                )
            time.sleep(0.05)


def full_sync_needed_message(where: str, stage: str, outcome: str) -> str:
    """Why a sync stopped at a full sync it may not choose, and the two ways to go on."""
    return (
        f"{where} asks for a full sync {stage}: the collection here and the one on the server "
        "have both changed in ways that cannot be merged (or were never synced together). "
        f"{outcome}. Choose which side wins and run again with "
        "`--full-sync upload` (replace the server's collection with this one) or "
        "`--full-sync download` (replace this collection with the server's, then import)"
    )
