"""Take screenshots of the main pages of a running Teilhabe, to look at them as a user would.

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 admin PASSWORD screenshots/
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(base: str, user: str, password: str, out: str, lang: str = "de") -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=lang)
        page.goto(f"{base}/accounts/login/")
        page.screenshot(path=folder / f"{lang}-01-login.png", full_page=True)
        page.fill("#id_username", user)
        page.fill("#id_password", password)
        page.click("button[type=submit].kern-btn--primary")
        page.wait_for_load_state()
        page.screenshot(path=folder / f"{lang}-02-district.png", full_page=True)
        page.click("#municipality-table a >> text=Samtgemeinde Zeven")
        page.screenshot(path=folder / f"{lang}-03-municipality.png", full_page=True)
        page.click("text=/Profil bearbeiten|Edit profile/")
        page.screenshot(path=folder / f"{lang}-04-edit.png", full_page=True)
        page.goto(f"{base}/about/")
        page.screenshot(path=folder / f"{lang}-05-about.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
