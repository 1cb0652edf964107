"""Content-hashed JSON files for the map, written into ``assets/gen/`` (git-ignored).

Streamlit serves ``static/`` (a symlink to ``assets/``) under ``/app/static/``; the map's iframe
fetches the files by URL. A file's name carries the hash of its content, so a browser may keep
it: when the content changes, so does the name. This folder is the only place ``mapview``
writes to.

In: a stem and a JSON text (or an object). Out: the URL of the file, relative to the map iframe.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from mapview import vendor

GEN_DIR = vendor.ASSETS_DIR / "gen"
#: files older than this are removed when the folder is first used by a process
MAX_AGE_S = 7 * 24 * 3600
_written: dict[str, str] = {}
_pruned = False


def _prune(folder: Path) -> None:
    """Remove generated files not used for ``MAX_AGE_S`` (another running app may still use
    newer ones, so nothing recent is touched)."""
    now = time.time()
    for path in [*folder.glob("*.json"), *folder.glob("*.js"), *folder.glob("*.css")]:
        try:
            if now - path.stat().st_mtime > MAX_AGE_S:
                path.unlink()
        except OSError:
            pass


def publish(stem: str, content, folder: Path | None = None, suffix: str = ".json") -> str:
    """Write ``content`` (a JSON string, or an object serialised compactly; or any text with
    another ``suffix``) to ``<folder>/<stem>-<sha256[:16]><suffix>`` unless it is there already;
    return its URL relative to the map iframe (``../../app/static/gen/…``). Atomic (written to a
    temporary file, then renamed)."""
    global _pruned
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = Path(folder or GEN_DIR)
    name = f"{stem}-{digest}{suffix}"
    key = f"{folder}/{name}"
    if key in _written:
        return _written[key]
    folder.mkdir(parents=True, exist_ok=True)
    if not _pruned:
        _pruned = True
        _prune(folder)
    path = folder / name
    if not path.exists() or path.stat().st_size != len(data):
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)
    else:
        os.utime(path)  # in use: keeps it from being pruned
    url = vendor.asset_url(f"{folder.relative_to(vendor.ASSETS_DIR).as_posix()}/{name}") \
        if folder.is_relative_to(vendor.ASSETS_DIR) else path.as_uri()
    _written[key] = url
    return url


def file_hash(path: Path) -> str:
    """The first 12 hex digits of a file's sha256 (for ``?v=`` cache busting of assets/*.js)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def map_bundle() -> tuple[str, str]:
    """URLs (relative to the map iframe) of the app map's script and style sheet, each one
    content-hashed file (``mapview.vendor.bundle_texts``), published once per process."""
    global _bundle
    if _bundle is None:
        js, css = vendor.bundle_texts()
        _bundle = (publish("map", js, suffix=".js"), publish("map", css, suffix=".css"))
    return _bundle


_bundle: tuple[str, str] | None = None
