"""`make screenshots`: the main pages of each role at 320 and 1280 px, for anyone reviewing a change.

Serves the portal with the demo data (a throwaway SQLite database, the signed demo agreement
included) on a free local port, logs in as each demo role, follows the links from the dashboard
as the reflow test does (tests/e2e/layout.py) and saves a full-page PNG of the first pages of
each kind at both widths. Writes index.html (320 beside 1280 for each page) and overflow.txt
(every page at 320 px that scrolls sideways or has something sticking out) next to them.

    .venv/bin/python scripts/screenshots.py [--out instance/screenshots] [--lang sv en] [--pages 12]

instance/ is git-ignored, so the pictures never end up in a commit.
"""
import argparse
import html
import logging
import re
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from portal import create_app  # noqa: E402
from portal.demo import load_demo_data  # noqa: E402
from portal.extensions import db  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.layout import LOCALES, ROLES, crawl, log_in, overflow  # noqa: E402

WIDTHS = (320, 1280)
# Pages anyone sees before logging in.
PUBLIC_PAGES = ("/", "/login", "/organisations/register", "/guide/", "/verify")


def serve(database):
    app = create_app({
        "SECRET_KEY": "screenshots",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        "MAIL_OUTBOX_DIR": str(Path(database).parent / "outbox"),
    })
    with app.app_context():
        db.create_all()
        load_demo_data(with_agreement=True)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per page, not per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def file_name(role, lang, url, base_url):
    parts = urlsplit(url)
    name = (parts.path.strip("/") or "start") + ("-" + parts.query if parts.query else "")
    return f"{role}-{lang}-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")


def shoot(page, out, name, rows, url):
    """Save the open page at each width; note its overflow at the narrowest."""
    row = {"name": name, "url": url, "files": [], "problems": []}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        if width == min(WIDTHS):
            row["problems"] = overflow(page)["problems"]
        page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
        row["files"].append(f"{name}-{width}.png")
    rows.append(row)
    print(("OVERFLOW " if row["problems"] else "ok       ") + name, flush=True)


def write_index(out, rows):
    cells = []
    for row in rows:
        images = "".join(
            f'<a href="{html.escape(f)}"><img src="{html.escape(f)}" alt="" width="{w // 2 if w > 320 else w}"></a>'
            for f, w in zip(row["files"], WIDTHS)
        )
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in row["problems"][:10])
        cells.append(f'<section><h2>{html.escape(row["name"])}</h2><p>{html.escape(row["url"])}</p>'
                     f'<ul class="problems">{problems}</ul><div class="row">{images}</div></section>')
    (out / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Praktikportalen screenshots</title>"
        "<style>body{font-family:sans-serif}.row{display:flex;gap:1rem;align-items:flex-start}"
        "img{border:1px solid #999}.problems{color:#b3261e}</style>"
        "<h1>Praktikportalen: 320 and 1280 px</h1>" + "".join(cells), encoding="utf-8")
    (out / "overflow.txt").write_text(
        "".join(f"{row['url']} ({row['name']})\n" + "".join(f"  {p}\n" for p in row["problems"])
                for row in rows if row["problems"]) or "No page overflows at 320 px.\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "instance" / "screenshots"))
    parser.add_argument("--lang", nargs="+", default=["sv", "en"], choices=sorted(LOCALES))
    parser.add_argument("--pages", type=int, default=12, help="pages per role and language")
    parser.add_argument("--roles", nargs="+", default=list(ROLES), choices=list(ROLES))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()

    with tempfile.TemporaryDirectory() as tmp:
        server, base_url = serve(Path(tmp) / "screenshots.sqlite")
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for lang in args.lang:
                context = browser.new_context(locale=LOCALES[lang], viewport={"width": 320, "height": 800})
                page = context.new_page()
                for path in PUBLIC_PAGES:
                    page.goto(base_url + path)
                    shoot(page, out, file_name("public", lang, page.url, base_url), rows, page.url)
                context.close()
                for role, email in ROLES.items():
                    if role not in args.roles:
                        continue
                    context = browser.new_context(locale=LOCALES[lang], viewport={"width": 320, "height": 800})
                    page = context.new_page()
                    log_in(page, base_url, email)
                    for url in crawl(page, base_url, limit=args.pages):
                        shoot(page, out, file_name(role, lang, url, base_url), rows, url)
                        page.set_viewport_size({"width": 320, "height": 800})
                    context.close()
            browser.close()
        server.shutdown()
    write_index(out, rows)
    overflowing = sum(1 for row in rows if row["problems"])
    print(f"{len(rows)} pages at {' and '.join(map(str, WIDTHS))} px in {out}/ (open index.html); "
          f"{overflowing} overflow at 320 px (overflow.txt)")


if __name__ == "__main__":
    main()
