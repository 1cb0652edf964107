"""Make the example exports shown in docs/app.md ("Presenting"): the view "everything involving 四川".

    python scripts/export_examples.py [OUT_DIR]     # default docs/exports/

Writes every export of :data:`mapview.exports.EXPORTS` for that view into OUT_DIR/files/ (not
committed) and pictures of them into OUT_DIR: ``picture.png`` (the PNG export, scaled to 1280 px),
``slide.png`` and ``brief.png`` (the .pptx slide and the .docx's first page as LibreOffice draws
them: needs ``soffice``, skipped otherwise) and ``offline.png`` (the offline HTML opened from file:// in Chromium with the network blocked, a
feature clicked).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from PIL import Image

    from mapview.data import load_dataset
    from mapview.exports import EXPORTS, View
    from mapview.select import Filters

    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    view = View(load_dataset(), Filters(place="510000"), selection="pair-sichuan-jingjinji")
    for export in EXPORTS:
        (files / export.filename).write_bytes(export.func(view))
        print("wrote", files / export.filename)
    Image.open(files / "regionmap.png").convert("RGB").resize((1280, 720), Image.LANCZOS).save(out / "picture.png")
    soffice = shutil.which("soffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            for name, target in (("regionmap.pptx", "slide.png"), ("regionmap-brief.docx", "brief.png")):
                subprocess.run([soffice, "--headless", "--convert-to", "png", "--outdir", tmp, str(files / name)],
                               check=True, capture_output=True, timeout=300)
                shutil.move(Path(tmp) / (Path(name).stem + ".png"), out / target)
    else:
        print("soffice not found: slide.png and brief.png not made")
    offline_screenshot(files / "regionmap.html", out / "offline.png")


def offline_screenshot(html: Path, png: Path) -> None:
    """Open ``html`` from file:// in Chromium with every other request blocked and save a screenshot."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        left = []
        page.route("**/*", lambda r: r.continue_() if r.request.url == html.as_uri() else (left.append(r.request.url), r.abort()))
        page.goto(html.as_uri())
        page.wait_for_selector(".mv-panel")
        page.wait_for_timeout(400)
        page.screenshot(path=str(png))
        browser.close()
    if left:
        raise SystemExit(f"requests left the offline file: {left}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "exports")
