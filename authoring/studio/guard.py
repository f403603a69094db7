"""The studio's defences, as one ASGI middleware in front of every page (Jupyter is the model).

- **Host**: only ``127.0.0.1:PORT``, ``localhost:PORT`` and ``[::1]:PORT`` are served, so a web page
  whose name an attacker points at 127.0.0.1 (DNS rebinding) gets nothing.
- **Token**: every request carries the server's random token: once in the opening address
  (``?token=``), which answers with a redirect that sets it as an HttpOnly, SameSite=Strict cookie
  and drops it from the address; then in that cookie. Without it: 403.
- **CSRF**: every request that is not GET or HEAD carries the CSRF token (derived from the token)
  in the ``X-CSRF-Token`` header, which a page of another site cannot set; an ``Origin`` or
  ``Sec-Fetch-Site`` that names another site is refused as well.
- **Size**: a request body over the limit is refused (413) before the page reads it, whether its
  length is declared or not.
- **Headers**: a strict Content-Security-Policy (scripts and styles from the studio alone, nothing
  framed except the report preview inside the studio), no referrer (the address held the
  token), no sniffing, no caching.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

MAX_BODY_BYTES = 25_000_000  # an upload (a report's DOCX, a score sheet); forms are far smaller
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = ("GET", "HEAD")
CSRF_HEADER = "x-csrf-token"
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
# The report preview is the HTML writer's page: its style and font are inline, its charts data URIs.
# It runs no script (sandbox) and may be framed only by the studio.
PREVIEW_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
                  "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-top-navigation-by-user-activation")


@dataclass(frozen=True)
class Keys:
    """The server's secrets: the token in the opening address and cookie, and the CSRF token."""

    token: str
    port: int

    @classmethod
    def new(cls, port: int) -> "Keys":
        return cls(secrets.token_urlsafe(32), port)

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"kompass-studio-csrf", hashlib.sha256).hexdigest()

    @property
    def cookie(self) -> str:
        """Return the cookie's name: one per port, as cookies do not tell ports apart."""
        return f"kompass-studio-{self.port}"

    def hosts(self) -> set[str]:
        return {f"{name}:{self.port}" for name in LOOPBACK_NAMES}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts()}


class Guard:
    """ASGI middleware: refuses what the module docstring lists, and sets the security headers."""

    def __init__(self, app, keys: Keys, max_body: int = MAX_BODY_BYTES):
        self.app = app
        self.keys = keys
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _plain(send, *refusal)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and scope["method"] in SAFE_METHODS:
            await self._welcome(scope, query, send)
            return
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _plain(send, 413, self._too_large())
            return
        await self.app(scope, self._limited(receive, send), _with_headers(send, scope["path"]))

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host", "") not in self.keys.hosts():
            return 403, ("Kompass Studio svarar bara på adressen http://127.0.0.1:"
                         f"{self.keys.port}/ på den här datorn (fel Host-huvud).")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and scope["method"] in SAFE_METHODS:
            if hmac.compare_digest(query["token"], self.keys.token):
                return None
            return 403, "Nyckeln i adressen stämmer inte: öppna adressen som kompass studio skrev ut."
        cookie = SimpleCookie(headers.get("cookie", ""))
        held = cookie[self.keys.cookie].value if self.keys.cookie in cookie else ""
        if not hmac.compare_digest(held, self.keys.token):
            return 403, ("Nyckel saknas: öppna adressen med ?token=... som kompass studio skrev ut när den "
                         "startade.")
        if scope["method"] not in SAFE_METHODS:
            return self._cross_site(headers)
        return None

    def _cross_site(self, headers: dict[str, str]) -> tuple[int, str] | None:
        origin = headers.get("origin")
        if origin is not None and origin not in self.keys.origins():
            return 403, "Ändringen kom från en annan webbplats och görs inte."
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return 403, "Ändringen kom från en annan webbplats och görs inte."
        if not hmac.compare_digest(headers.get(CSRF_HEADER, ""), self.keys.csrf):
            return 403, "Ändringen saknar sidans kontrollnyckel (CSRF) och görs inte: ladda om sidan och försök igen."
        return None

    async def _welcome(self, scope, query: dict[str, str], send) -> None:
        """Answer the opening address: set the token as a cookie and go to the address without it."""
        rest = urlencode({k: v for k, v in query.items() if k != "token"})
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{self.keys.cookie}={self.keys.token}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode()),
                                *_security_headers(scope["path"])]})
        await send({"type": "http.response.body", "body": b""})

    def _too_large(self) -> str:
        return (f"Filen är för stor: högst {self.max_body // 1_000_000} MB tas emot. Är det rätt fil? "
                "Spara den på nytt i Word eller Excel.")

    def _limited(self, receive, send):
        """Return ``receive`` that stops a body growing past the limit (a length not declared)."""
        received = 0
        guard = self

        async def limited():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > guard.max_body:
                    raise BodyTooLarge(guard._too_large())
            return message

        return limited


class BodyTooLarge(Exception):
    """A request body grew past the limit while it was read; the page answers 413 with the message."""


def _security_headers(path: str) -> list[tuple[bytes, bytes]]:
    preview = path.endswith("/rapport")
    return [(b"content-security-policy", (PREVIEW_POLICY if preview else PAGE_POLICY).encode()),
            (b"x-frame-options", b"SAMEORIGIN" if preview else b"DENY"),
            (b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff"),
            (b"cache-control", b"no-store"), (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin")]


def _with_headers(send, path: str):
    async def sending(message):
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []),
                                  *(h for h in _security_headers(path) if h[0] not in names)]
        await send(message)

    return sending


async def _plain(send, status: int, text: str) -> None:
    body = (f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>Kompass Studio</title></head>'
            f"<body><main><h1>Kompass Studio</h1><p>{_escape(text)}</p></main></body></html>\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *_security_headers("/")]})
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
