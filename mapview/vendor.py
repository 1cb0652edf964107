"""Offline front-end files: copy Leaflet & co. from installed packages and point folium at them.

folium's default page loads Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs; on a
machine without internet the map stays blank. This module copies the few files the map really
uses (Leaflet and Leaflet.markercluster, from the ``xstatic-leaflet`` and
``xstatic-leaflet-markercluster`` packages on PyPI) into ``assets/vendor/`` at start-up, and gives
the URLs under which Streamlit's static serving (``server.enableStaticServing``: ``./static`` ->
``/app/static/``; ``static`` is a symlink to ``assets``) serves them.

The URLs are relative to the streamlit-folium component's iframe
(``<base>/component/streamlit_folium.st_folium/index.html``), so they also work when the app runs
under a base path.
"""
from __future__ import annotations

import filecmp
import re
import shutil
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"
VENDOR_DIR = ASSETS_DIR / "vendor"
#: URL prefix of ``assets/`` seen from the streamlit-folium iframe (``/component/<name>/index.html``).
ASSETS_URL = "../../app/static"

# (package module, file inside its data dir, destination relative to assets/vendor/)
_FILES: tuple[tuple[str, str, str], ...] = (
    ("xstatic.pkg.leaflet", "leaflet.js", "leaflet/leaflet.js"),
    ("xstatic.pkg.leaflet", "leaflet.css", "leaflet/leaflet.css"),
    ("xstatic.pkg.leaflet", "images", "leaflet/images"),
    ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"),
    ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css", "markercluster/MarkerCluster.css"),
    ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"),
)


def _package_dir(module_name: str) -> Path:
    module = __import__(module_name, fromlist=["BASE_DIR"])
    return Path(module.BASE_DIR)


def install_vendor(dest: Path = VENDOR_DIR) -> list[Path]:
    """Copy the front-end files from the installed xstatic packages into ``dest``.

    Idempotent (files already identical are left alone). Returns the destination paths.
    Raises ``ModuleNotFoundError`` naming the missing package when one is not installed.
    """
    written: list[Path] = []
    for module_name, source_name, target in _FILES:
        source = _package_dir(module_name) / source_name
        target_path = dest / target
        target_path.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target_path, dirs_exist_ok=True)
        elif not (target_path.exists() and filecmp.cmp(source, target_path, shallow=False)):
            tmp = target_path.with_suffix(target_path.suffix + ".tmp")
            shutil.copyfile(source, tmp)
            tmp.replace(target_path)
        written.append(target_path)
    return written


@lru_cache(maxsize=1)
def ensure_vendor() -> Path:
    """Install the vendor files once per process; returns ``assets/vendor``."""
    install_vendor(VENDOR_DIR)
    return VENDOR_DIR


def asset_url(relative: str) -> str:
    """URL (relative to the map iframe) of a file under ``assets/``."""
    return f"{ASSETS_URL}/{relative.lstrip('/')}"


def _versioned(relative: str) -> str:
    """``asset_url`` with ``?v=<content hash>``, so that a changed file is fetched again."""
    import hashlib

    path = ASSETS_DIR / relative
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "0"
    return f"{asset_url(relative)}?v={digest}"


LEAFLET_JS = [("leaflet", asset_url("vendor/leaflet/leaflet.js")), ("mapview_js", _versioned("map.js"))]
LEAFLET_CSS = [
    ("leaflet_css", asset_url("vendor/leaflet/leaflet.css")),
    ("mapview_css", _versioned("map.css")),
]
MARKERCLUSTER_JS = [("markerclusterjs", asset_url("vendor/markercluster/leaflet.markercluster.js"))]
MARKERCLUSTER_CSS = [
    ("markerclustercss", asset_url("vendor/markercluster/MarkerCluster.css")),
    ("markerclusterdefaultcss", asset_url("vendor/markercluster/MarkerCluster.Default.css")),
]
#: the app's map (render.ShellMap): Leaflet, markercluster, then assets/map.js, which uses both
SHELL_JS = [LEAFLET_JS[0], *MARKERCLUSTER_JS, LEAFLET_JS[1]]
SHELL_CSS = [*LEAFLET_CSS[:1], *MARKERCLUSTER_CSS, *LEAFLET_CSS[1:]]


# --------------------------------------------------------------------------- the map's bundle
#: the app map's scripts, in order, and its style sheets (files under ``assets/``): streamlit-folium
#: loads each script only after the one before it has arrived, so they go as one file
BUNDLE_JS = ("vendor/leaflet/leaflet.js", "vendor/markercluster/leaflet.markercluster.js", "map.js")
BUNDLE_CSS = ("vendor/leaflet/leaflet.css", "vendor/markercluster/MarkerCluster.css",
              "vendor/markercluster/MarkerCluster.Default.css", "map.css")
_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|https?:|/|#)([^'\")]+)\1\)")


def bundle_texts() -> tuple[str, str]:
    """``(javascript, css)`` of the app's map as one file each (see :data:`BUNDLE_JS`): the vendor
    files unchanged (their licence headers kept), the app's own ``map.js``/``map.css`` minified
    (rjsmin, rcssmin). Relative ``url(...)`` in a style sheet is rewritten relative to
    ``assets/gen/``, where the bundle is published. In: the files under ``assets/``; out: text."""
    import posixpath

    import rcssmin
    import rjsmin

    ensure_vendor()
    js = []
    for rel in BUNDLE_JS:
        text = (ASSETS_DIR / rel).read_text(encoding="utf-8")
        js.append(rjsmin.jsmin(text, keep_bang_comments=True) if not rel.startswith("vendor/") else text)
    css = []
    for rel in BUNDLE_CSS:
        text = (ASSETS_DIR / rel).read_text(encoding="utf-8")
        here = posixpath.dirname(rel)
        text = _CSS_URL.sub(lambda m: "url(%s%s%s)" % (m.group(1), posixpath.normpath(posixpath.join("..", here, m.group(2))),
                                                       m.group(1)), text)
        css.append(rcssmin.cssmin(text, keep_bang_comments=True))
    return "\n;\n".join(js) + "\n", "\n".join(css) + "\n"
