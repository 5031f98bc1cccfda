"""`filmreg serve` in a real browser: the tests start the command on 127.0.0.1 over a copy of
the registry and load its pages in headless Chromium, asserting what a person sees there.

`FILMREG_SCREENSHOTS=1 pytest tests/test_web.py` also refreshes the screenshots under docs/
that the README shows (one per page type)."""

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    """`filmreg serve` over a private copy of the bundled registry; yields its base URL."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "registry.db"
    shutil.copyfile(REPO / "data" / "registry.db", db)
    port = free_port()
    log = (folder / "serve.log").open("wb")
    env = {**os.environ, "FILMREG_HOME": str(folder / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "filmreg", "serve", "--port", str(port), "--db", str(db)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((folder / "serve.log").read_text())
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def dom(url: str) -> str:
    """The page as Chromium has built it (after any script ran)."""
    proc = subprocess.run(
        [CHROMIUM, *BROWSER_FLAGS, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def seen(page: str) -> str:
    """The text a person reads on the page: no markup, scripts, styles or hidden details."""
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?is)<details\b(?![^>]*\bopen\b).*?</details>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def query(site: str, canned: str, **params: str) -> str:
    return f"{site}/registry/{canned}?{urllib.parse.urlencode(params)}"


def test_uzbek_ministry_page_says_no_source_names_its_head(site):
    text = seen(dom(f"{site}/registry/organizations/uz-ministry-of-culture"))
    assert "Head now: no source names one." in text
    assert "Ministry of Culture of Uzbekistan" in text


def test_heads_by_country_takes_any_form_of_a_country_and_hides_its_sql(site):
    for country in ("Uzbekistan", "UZ", "Узбекистан", "860"):
        text = seen(dom(query(site, "heads_by_country", country=country)))
        assert "Cinematography Agency of Uzbekistan" in text, country
        assert "Shuhrat Rizayev" in text
        assert "no source names one" in text  # the ministry: a row, not a gap
        assert "SELECT" not in text and "LEFT JOIN" not in text


def test_azerbaijans_partners_list_georgia_first_with_the_ranking_score(site):
    page = dom(query(site, "partners_of_country", country="Azerbaijan"))
    rows = re.findall(r"(?s)<tr>(.*?)</tr>", page.split("<tbody>", 1)[1])
    first = seen(rows[0])
    assert first.startswith("1 Georgia GE 6 8")
    assert "SELECT" not in seen(page)


def test_rashad_azizovs_page_shows_his_post_and_its_source_link(site):
    page = dom(f"{site}/registry/people/rashad-azizov")
    text = seen(page)
    assert "Posts held now" in text
    assert "Director-General of the Cinema Agency of the Republic of Azerbaijan" in text
    assert "«генеральный директор Агентства кино Азербайджанской Республики Рашад Азизов»" in text
    assert 'href="https://ru.trend.az/azerbaijan/society/4127769.html"' in page
    assert text.index("Posts held now") < text.index("Names")


def test_find_by_name_in_another_script(site):
    page = dom(query(site, "find_by_name", name="Азизов"))
    assert "Rashad Azizov" in seen(page)
    assert 'href="/registry/people/rashad-azizov"' in page


def test_a_persons_posts_and_a_bodys_history(site):
    text = seen(dom(query(site, "posts_of_person", person="Рашад Азизов")))
    assert "Director-General of the Cinema Agency" in text and "ru.trend.az" in text
    text = seen(dom(query(site, "history_of_body", body="Centre national du cinéma")))
    assert "Gaëtan Bruel" in text and "Dominique Boutonnat" in text
    assert text.index("Gaëtan Bruel") < text.index("Dominique Boutonnat")  # newest first


def test_the_database_page_hides_bookkeeping_and_offers_the_questions(site):
    text = seen(dom(f"{site}/registry"))
    for hidden in ("search_tokens", "record_base", "_sqlite_migrations", "meta "):
        assert hidden not in text
    assert "Who heads a country's film bodies, and who says so" in text
    page = dom(f"{site}/registry")
    start = page.index("Start with a question")
    assert start < page.index('id="tables"')  # the questions come before any table
    assert 'action="/registry/heads_by_country"' in page
    assert 'action="/registry/partners_of_country"' in page
    assert "organizations" in text and "people" in text


def test_organizations_facet_by_country_and_kind(site):
    text = seen(dom(f"{site}/registry/organizations"))
    assert "country" in text and "film_agency" in text
    assert re.search(r"kind\s.*film_agency \d+", text)


PAGES = {
    "web-database.png": "/registry",
    "web-person.png": "/registry/people/rashad-azizov",
    "web-organization.png": "/registry/organizations/uz-ministry-of-culture",
    "web-heads-by-country.png": "/registry/heads_by_country?country=Uzbekistan",
    "web-partners.png": "/registry/partners_of_country?country=Azerbaijan",
    "web-find-by-name.png": "/registry/find_by_name?name=%D0%90%D0%B7%D0%B8%D0%B7%D0%BE%D0%B2",
}


def test_screenshots_of_each_page_type(site, tmp_path):
    folder = REPO / "docs" if os.environ.get("FILMREG_SCREENSHOTS") else tmp_path
    for name, path in PAGES.items():
        target = folder / name
        subprocess.run(
            [CHROMIUM, *BROWSER_FLAGS, "--window-size=1200,900", f"--screenshot={target}",
             site + path],
            capture_output=True,
            timeout=60,
            check=True,
        )  # fmt: skip
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_an_unknown_country_is_said_to_be_unknown_not_zero_results(site):
    for canned in ("heads_by_country", "partners_of_country"):
        text = seen(dom(query(site, canned, country="Atlantis")))
        assert "no country is known as Atlantis" in text, canned
