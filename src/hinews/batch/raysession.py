"""Ray for hinews' shells: connect (or start a local cluster) and find a hinews error inside
Ray's wrappers. Shared by ``hinews batch --engine ray`` and ``hinews digest --ray``; imports
nothing of the pipeline (so the digest can use it without an import circle) and Ray only
when a session starts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hinews.errors import ConfigError, HinewsError, missing_dependency

__all__ = ["hinews_cause", "ray_session"]


@contextmanager
def ray_session(address: str | None) -> Iterator[Any]:
    """The ``ray`` module, connected to ``address`` (``None`` or ``"local"``: a new local
    cluster in this process, shut down on leaving; ``auto``, ``HOST:PORT``, ``ray://...``:
    that cluster). Shared by ``hinews batch --engine ray`` and ``hinews digest --ray``.

    Raises:
        DependencyError: Ray is not installed (names the ``ray`` extra).
        ConfigError: The address is malformed, nobody answers there, or Ray cannot start.
    """
    try:
        import ray
        import ray.data
    except ImportError:
        raise missing_dependency("ray[data]", "ray") from None
    address = None if address == "local" else address
    started_here = not ray.is_initialized()
    if started_here:
        _check_reachable(address)
        try:
            # "local": a new local cluster, not a stale one left by an old 'ray start'
            ray.init(address=address or "local", include_dashboard=False, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = address or "a new local cluster"
            reason = " ".join(str(exc).split())[:300].rstrip(". ")
            raise ConfigError(
                f"cannot start or reach Ray at {where}: {reason}. "
                "Start a cluster with 'ray start --head' and pass address=\"auto\", or leave "
                "address out to run a local cluster in this process."
            ) from None
    try:
        yield ray
    finally:
        if started_here:
            ray.shutdown()


def _check_reachable(address: str | None) -> None:
    """Fail in seconds, not minutes, when ``HOST:PORT`` (or ``ray://HOST:PORT``) is not
    listening: ``ray.init`` retries a dead address for minutes."""
    import socket

    if not address or address == "auto":
        return
    hostport = address.removeprefix("ray://").rsplit("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(
            f"address={address!r} is not auto, HOST:PORT or ray://HOST:PORT "
            '(e.g. address="auto" on a node of the cluster, or address="10.0.0.1:6379")'
        )
    try:
        with socket.create_connection((host, int(port)), timeout=5):
            pass
    except OSError as exc:
        raise ConfigError(
            f"no Ray cluster answers at {address} ({exc.strerror or exc}). Start one with "
            "'ray start --head' on that machine, or leave address out to run a local cluster."
        ) from None


def hinews_cause(exc: BaseException) -> HinewsError | None:
    """The :class:`HinewsError` a worker raised, from inside Ray's wrappers."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, HinewsError):
            return current
        current = getattr(current, "cause", None) or current.__cause__
        seen += 1
    return None
