"""The web app's guarded URL fetcher; it lives in :mod:`hinews.fetching` (the digest's
``--fetch`` uses it too). These names stay importable from here."""

from __future__ import annotations

from hinews.fetching import FEED_TYPES, MAX_REDIRECTS, check_address, fetch_url, resolve

__all__ = ["FEED_TYPES", "MAX_REDIRECTS", "check_address", "fetch_url", "resolve"]
