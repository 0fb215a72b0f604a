"""Fetching a page or a feed by URL, safely: the web app's URL box (off unless
``--allow-url``) and ``hinews digest --fetch`` share this guard.

Only ``http``/``https``; the host is resolved and every address must be public (no private,
loopback, link-local, multicast or reserved ranges), and the connection goes to the checked
address (so a second DNS answer cannot point elsewhere). Redirects are followed by hand,
each hop checked again. Time and size are capped, and requests to one host go one at a
time (a lock per host name), so a digest of many feed entries never floods a site.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from urllib.parse import urljoin, urlsplit

from hinews.errors import InputError

MAX_REDIRECTS = 5
_TEXT_TYPES = ("text/html", "text/plain", "application/xhtml+xml")
#: Content types of RSS and Atom feeds (``fetch_url(..., accept=FEED_TYPES)``).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    *_TEXT_TYPES,
)
_HOST_LOCKS: dict[str, threading.Lock] = {}
_HOST_LOCKS_GUARD = threading.Lock()


def _host_lock(host: str) -> threading.Lock:
    """One lock per host name: one request at a time to each host, from any thread."""
    with _HOST_LOCKS_GUARD:
        return _HOST_LOCKS.setdefault(host.lower(), threading.Lock())


def check_address(ip: str, *, allow_loopback: bool = False) -> None:
    """Refuse an address that is not on the public internet.

    Raises:
        InputError: A private, loopback, link-local, multicast, reserved or unspecified
            address (loopback passes when ``allow_loopback``).
    """
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if addr.is_loopback and allow_loopback:
        return
    if (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    ):
        raise InputError(
            f"refusing to fetch from {addr}: it is not a public internet address "
            "(private, loopback and local networks are blocked)."
        )


def resolve(url: str, *, allow_loopback: bool = False) -> tuple[str, str, int]:
    """Check a URL and resolve its host to one checked address.

    Returns:
        (host, ip, port).

    Raises:
        InputError: Not http(s), no host, unresolvable, or a blocked address.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"only http:// and https:// addresses can be fetched, not {url!r}.")
    if not parts.hostname:
        raise InputError(f"{url!r} has no host name.")
    if parts.username or parts.password:
        raise InputError("addresses with a user name or password are not fetched.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InputError(f"{url!r} has an invalid port.") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise InputError(f"cannot resolve the host {parts.hostname!r}.") from None
    ips = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not ips:
        raise InputError(f"cannot resolve the host {parts.hostname!r}.")
    for ip in ips:  # every answer must be allowed, not just the first
        check_address(ip, allow_loopback=allow_loopback)
    return parts.hostname, ips[0], port


def fetch_url(
    url: str,
    *,
    allow_loopback: bool = False,
    max_bytes: int = 5_000_000,
    timeout: float = 10.0,
    accept: tuple[str, ...] = _TEXT_TYPES,
) -> str:
    """Download a page (HTML or plain text) and return its decoded text.

    Args:
        url: An ``http(s)://`` address.
        allow_loopback: Let 127.0.0.1 / ::1 through (for tests).
        max_bytes: Refuse larger bodies.
        timeout: Seconds for connecting, for each read, and for the whole download.
        accept: The content types taken (default: HTML and plain text; feeds:
            :data:`FEED_TYPES`).

    Raises:
        InputError: A refused address, a network error, an error status, a non-text
            response, a body over ``max_bytes`` or too many redirects.
    """
    import httpx

    from hinews.text import decode_bytes

    url = url.strip()
    deadline = time.monotonic() + timeout
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            host, ip, port = resolve(url, allow_loopback=allow_loopback)
            parts = urlsplit(url)
            netloc = f"[{ip}]" if ":" in ip else ip
            pinned = parts._replace(netloc=f"{netloc}:{port}").geturl()
            headers = {
                "Host": parts.netloc.rsplit("@", 1)[-1],
                "User-Agent": "hinews (+article fetch)",
                "Accept": ",".join(accept),
            }
            try:
                with (
                    _host_lock(host),
                    client.stream(
                        "GET", pinned, headers=headers, extensions={"sni_hostname": host}
                    ) as response,
                ):
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise InputError(f"{url} redirects without a Location header.")
                        url = urljoin(url, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"{url} answered HTTP {response.status_code}.")
                    kind = response.headers.get("content-type", "").split(";")[0].strip()
                    if kind and kind.lower() not in accept:
                        raise InputError(f"{url} is {kind!r}, not an HTML page or text.")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise InputError(f"{url} is larger than {max_bytes / 1e6:.1f} MB.")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise InputError(f"{url} is larger than {max_bytes / 1e6:.1f} MB.")
                        if time.monotonic() > deadline:
                            raise InputError(f"{url} took longer than {timeout:.0f} s.")
                    charset = response.charset_encoding
            except httpx.HTTPError as exc:
                raise InputError(f"could not fetch {url}: {type(exc).__name__}.") from None
            if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
                try:
                    return bytes(body).decode(charset)
                except (LookupError, UnicodeDecodeError):
                    raise InputError(f"{url} is not valid {charset}.") from None
            return decode_bytes(bytes(body), name=url)
    raise InputError(f"{url} redirects more than {MAX_REDIRECTS} times.")
