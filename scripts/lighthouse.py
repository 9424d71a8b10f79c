"""Print Lighthouse's four category scores for an article and a glossary page, desktop and mobile.

Usage: make lighthouse (builds the site first). Each page is audited RUNS times per preset,
because mobile performance varies from run to run on two cores; all scores are printed.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 2


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def audit(url: str, preset: str) -> dict[str, int]:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    report = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    )
    categories = json.loads(report.stdout)["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    site = ROOT / "site"
    article = next(iter(sorted((site / "articles").iterdir())))
    entity = next(p for p in sorted((site / "glossary").iterdir()) if p.is_dir())
    pages = [f"articles/{article.name}/", f"glossary/{entity.name}/"]
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"{'page':45} {'preset':8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    try:
        for page in pages:
            for preset in ("desktop", "mobile"):
                for _ in range(RUNS):
                    scores = audit(base + page, preset)
                    print(f"{page:45} {preset:8} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES), flush=True)
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
