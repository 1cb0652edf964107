"""Start and stop the app, launch Debian's Chromium, and keep a browser context offline.

Plain functions and classes shared by tests/conftest.py (pytest fixtures) and
benchmarks/app_bench.py; nothing here depends on pytest.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"  # git-ignored: server logs, failure screenshots
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}
SERVER_START_TIMEOUT_S = 90.0


def is_local_url(url: str) -> bool:
    """True for a URL that stays on this machine (loopback host, or a data:/blob:/about: URL)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    host = (parts.hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running ``streamlit run app.py``: its base URL, process and log file."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        """The last ``chars`` characters the server printed (stdout and stderr)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def start_app_server(app_file: Path | None = None, port: int | None = None,
                     log_path: Path | None = None,
                     timeout_s: float = SERVER_START_TIMEOUT_S, extra_args: tuple[str, ...] = (),
                     env: dict | None = None) -> AppServer:
    """Start ``python -m streamlit run <app_file>`` headless on ``port`` (a free one by default).

    ``app_file`` defaults to $APP_UNDER_TEST, else the repository's app.py. ``env``: variables set
    for the server on top of this process's environment (``REGIONMAP_EDITING``, ``REGIONMAP_DATA_DIR`` …).
    Returns an :class:`AppServer` once ``/_stcore/health`` answers ``ok``; raises RuntimeError with the
    server's output if the process dies or does not become healthy within ``timeout_s`` seconds.
    The caller stops it with :func:`stop_app_server`. ``extra_args`` go to ``streamlit run``
    (``--server.enableStaticServing true`` …); ``env`` is added to this process's environment.
    """
    app_file = Path(app_file or os.environ.get("APP_UNDER_TEST") or REPO_ROOT / "app.py")
    if not app_file.is_file():
        raise RuntimeError(f"{app_file} does not exist")
    port = port or free_port()
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = log_path or ARTIFACTS_DIR / f"streamlit-{port}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_file),
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1",
           # no file watcher: the tests do not edit the app, and watching costs CPU on 2 cores
           "--server.fileWatcherType", "none", *extra_args]
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen(cmd, cwd=app_file.parent, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True,
                               env={**os.environ, **(env or {})})
    log.close()  # the child keeps its own handle
    server = AppServer(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    stop_app_server(server)
    raise RuntimeError(f"streamlit not healthy after {timeout_s:.0f} s:\n{server.log_tail()}")


def stop_app_server(server: AppServer) -> None:
    """Terminate the server's process group (SIGTERM, then SIGKILL after 10 s)."""
    if server.process.poll() is not None:
        return
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
    except ProcessLookupError:
        pass


def launch_chromium(playwright):
    """Launch Debian's Chromium through a Playwright instance: headless, no GPU, no background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True,
                                      args=CHROMIUM_ARGS)


@dataclass
class ExternalRequestGuard:
    """Aborts and records every request from a browser context to a non-local host, and records
    uncaught JavaScript errors (``page_errors``) and dialogs (``dialogs``, e.g. an injected
    ``alert(1)``) of the watched pages, their iframes included.

    Routes apply to every frame of every page of the context, so requests made inside the map's
    iframe are caught too; WebSockets are recorded through each page's ``websocket`` event.
    """

    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    _watched: set[int] = field(default_factory=set)

    def attach(self, context) -> None:
        """Install the route on a Playwright BrowserContext."""
        context.route("**/*", self._handle)
        context.on("page", self.watch_page)

    def watch_page(self, page) -> None:
        """Record WebSockets a page opens to non-local hosts (routes do not see them)."""
        if id(page) in self._watched:
            return
        self._watched.add(id(page))
        page.on("websocket", lambda ws: None if is_local_url(ws.url) else self.blocked.append(ws.url))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        """Record and dismiss an alert/confirm/prompt (the app never opens one; injected markup might)."""
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _handle(self, route) -> None:
        url = route.request.url
        if is_local_url(url):
            route.continue_()
        else:
            self.blocked.append(f"{route.request.resource_type}: {url}")
            route.abort("blockedbyclient")
