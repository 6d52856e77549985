"""The Content-Security-Policy (django-csp): scripts only from the site or with the request's
nonce, no inline event handlers, no eval; images from the site, data: and blob: URLs (photo
previews) and the map's tile server when one is configured."""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE


def tile_source(tile_url: str) -> str | None:
    """The CSP source of a Leaflet tile URL template: https://{s}.tile.example.org/{z}/{x}/{y}.png
    gives https://*.tile.example.org; a relative or empty URL gives None (served by the site)."""
    parts = urlsplit(tile_url)
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = ["*" if "{" in label else label for label in host.split(".")]
    return f"{parts.scheme}://{'.'.join(labels)}"


def policy(tile_url: str = "") -> dict:
    """CONTENT_SECURITY_POLICY for settings.py. Styles keep 'unsafe-inline' (Leaflet, ECharts,
    Bootstrap and htmx set inline styles); scripts never do."""
    images = [SELF, "data:", "blob:"]
    tiles = tile_source(tile_url)
    if tiles:
        images.append(tiles)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "script-src-attr": [NONE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": images,
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            "media-src": [SELF, "blob:"],
            "worker-src": [SELF, "blob:"],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
