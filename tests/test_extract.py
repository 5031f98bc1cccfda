"""`filmreg extract`: a news report to a draft of sourced records, on real registry files.

The reports in tests/articles/ are short texts the team wrote from facts on public pages;
the seed report is read from ../shared/sources/ when it is there (CI has it beside the clone).
"""

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import assert_clean_error, query
from filmreg.model.rules import names_in

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "tests" / "articles"
SEED_REPORT = REPO.parent / "shared" / "sources" / "000_7e29c807a69063d9.txt"
SEED_URL = "https://ru.trend.az/azerbaijan/society/4127769.html"


def draft(cli, *args: str, stdin: str | None = None) -> list[dict]:
    result = cli("extract", *args, stdin=stdin)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def by_type(records: list[dict], kind: str) -> dict[str, dict]:
    return {r["id"]: r for r in records if r["type"] == kind}


def write(tmp_path: Path, text: str, name: str = "report.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.skipif(not SEED_REPORT.exists(), reason="the seed report is not beside the clone")
def test_the_seed_report_gives_the_seed_roster(cli):
    records = draft(cli, str(SEED_REPORT), "--url", SEED_URL)
    source = records[0]
    assert source["type"] == "source"
    assert (source["language"], source["published"], source["url"]) == (
        "ru",
        "2025-12-09",
        SEED_URL,
    )
    people = by_type(records, "person")
    roles = {
        pid: {(m["kind"], m["organization"]) for m in p["_draft"].get("roles", [])}
        for pid, p in people.items()
    }
    assert roles == {
        "saadat-yusifova": {("deputy_head", "az-ministry-of-culture")},
        "zaur-gardashov": {("advisor", "az-kobia")},
        "kamran-gasimov": set(),
        "birol-guven": {("head", "tr-cinema-directorate")},
        "rashad-azizov": {("head", "az-film-agency")},
        "saira-raza": {("staff", "pk-demp")},
        "mamuka-bliadze": {("representative", "ge-national-film-center")},
        "sayfullo-rajabov": {("advisor", "uz-cinematography-agency")},
    }
    assert all(p["_draft"]["link"] == "existing" for p in people.values())
    # Russian oblique forms link to the nominative records
    assert people["kamran-gasimov"]["_draft"]["score"] >= 0.8
    event = by_type(records, "event")["baku-2025-state-cooperation-panel"]
    assert event["parent"] == "baku-cinema-breeze-2025"
    capacities = {(p["person"], p["capacity"]) for p in event["participations"]}
    assert {("kamran-gasimov", "moderator"), ("saadat-yusifova", "opening_speech")} <= capacities
    (coop,) = by_type(records, "cooperation").values()
    assert coop["kind"] == "discussion"
    assert [p["country"] for p in coop["parties"]] == ["AZ", "TR", "UZ", "PK", "GE", "IT"]
    assert coop["event"] == "baku-2025-state-cooperation-panel"


def test_every_fact_cites_the_report_with_an_exact_quote(cli, tmp_path):
    text = (ARTICLES / "03_en_breeze_opening.txt").read_text(encoding="utf-8")
    records = draft(cli, write(tmp_path, text), "--url", "https://example.org/news/1")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    cited = 0
    for record in records[1:]:
        items = list(record.get("evidence") or [])
        for role in record.get("roles") or []:
            items += [role, *(role.get("evidence") or [])]
        items += record.get("participations") or []
        for item in items:
            if item.get("source") != records[0]["id"]:
                continue  # what the registry already held
            number = int(item["locator"].split(",")[0].lstrip("¶"))
            assert item["quote"] in paragraphs[number - 1]
            assert len(item["quote"]) <= 160
            cited += 1
    assert cited >= 3
    huseynov = by_type(records, "person")["murad-huseynov"]
    (role,) = huseynov["roles"]
    assert names_in([role["quote"]], huseynov["name"])


def test_a_draft_validates_and_imports_as_it_is(cli, tmp_path, db_copy):
    schema = json.loads((REPO / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    text = (ARTICLES / "04_en_cinema_talks.txt").read_text(encoding="utf-8")
    result = cli(
        "extract", write(tmp_path, text), "--url", "https://example.org/t", "--db", str(db_copy)
    )
    assert result.code == 0, result.stderr
    for line in result.stdout.splitlines():
        record = json.loads(line)
        record.pop("_draft")
        assert not list(validator.iter_errors(record)), record
    (tmp_path / "draft.jsonl").write_text(result.stdout, encoding="utf-8")
    imported = cli("import", str(tmp_path / "draft.jsonl"), "--db", str(db_copy))
    assert imported.code == 0, imported.stderr
    rows = query(
        db_copy, "SELECT organization_id, role FROM roles WHERE person_id = 'azer-aydemir'"
    )
    assert rows == [("az-film-industry-development-fund", "deputy_head")]
    assert query(db_copy, "SELECT role FROM roles WHERE person_id = 'sabina-baghirova'") == [
        ("staff",)
    ]


def test_an_existing_person_keeps_every_stored_fact(cli, tmp_path, db_copy):
    before = query(db_copy, "SELECT id FROM roles WHERE person_id = 'rashad-azizov' ORDER BY id")
    text = (ARTICLES / "08_ru_memorandum.txt").read_text(encoding="utf-8")
    result = cli(
        "extract", write(tmp_path, text), "--url", "https://example.org/m", "--db", str(db_copy)
    )
    (tmp_path / "draft.jsonl").write_text(result.stdout, encoding="utf-8")
    assert cli("import", str(tmp_path / "draft.jsonl"), "--db", str(db_copy)).code == 0
    after = query(db_copy, "SELECT id FROM roles WHERE person_id = 'rashad-azizov' ORDER BY id")
    assert after == before
    memo = query(db_copy, "SELECT kind FROM cooperations WHERE id LIKE 'example-ru-%'")
    assert memo == [("memorandum",)]
    parties = query(
        db_copy,
        "SELECT country FROM cooperation_parties WHERE cooperation_id LIKE 'example-ru-%' "
        "ORDER BY country",
    )
    assert parties == [("AZ",), ("GE",)]


def test_oblique_forms_link_to_the_nominative_records(cli, tmp_path):
    text = (
        "date 2026-01-10\nБАКУ. Делегация встретилась с генеральным директором Агентства кино "
        "Азербайджана Рашадом Азизовым.\n\nВстречу провёл советник директора Агентства "
        "кинематографии Узбекистана Саифулло Раджабов."
    )
    people = by_type(draft(cli, write(tmp_path, text), "--url", "https://example.org/o"), "person")
    assert people["rashad-azizov"]["_draft"]["link"] == "existing"
    assert people["sayfullo-rajabov"]["_draft"]["roles"][0]["role"] == "existing"


def test_a_second_head_of_the_same_body_is_a_conflict(cli, tmp_path):
    text = (
        "date 2026-03-01\nBAKU. The Director-General of the Azerbaijan Film Agency, Jane Roe, "
        "said the agency would open an office abroad."
    )
    result = cli("extract", write(tmp_path, text), "--url", "https://example.org/c", "--json")
    records = json.loads(result.stdout)
    assert records["summary"]["conflict"] == 1
    (person,) = [r for r in records["records"] if r["type"] == "person"]
    (mark,) = person["_draft"]["roles"]
    assert mark["role"] == "conflict"
    assert mark["registry"] == {"current_heads": ["rashad-azizov"]}


def test_the_json_document_counts_new_existing_and_conflicts(cli, tmp_path):
    text = (ARTICLES / "06_en_memorandum.txt").read_text(encoding="utf-8")
    result = cli("extract", write(tmp_path, text), "--url", "https://example.org/j", "--json")
    doc = json.loads(result.stdout)
    assert list(doc) == ["records", "summary"]
    assert doc["summary"] == {"new": 2, "existing": 2, "conflict": 0}


def test_html_boilerplate_is_left_out(cli, tmp_path):
    html = (
        "<!doctype html><html><head><script>var x = 'Jane Roe, Director';</script></head>"
        "<body><nav>Home | News</nav><p>date 2025-05-08</p><p>TASHKENT. The Director of the "
        "Cinematography Agency of Uzbekistan, Shuhrat Rizayev, spoke about new films.</p>"
        "<footer>Copyright</footer></body></html>"
    )
    records = draft(cli, write(tmp_path, html, "r.html"), "--url", "https://example.org/h")
    assert records[0]["published"] == "2025-05-08"
    assert set(by_type(records, "person")) == {"shuhrat-rizayev"}


def test_extract_reads_stdin_and_writes_no_database(cli, db_copy):
    digest = hashlib.sha256(db_copy.read_bytes()).hexdigest()
    text = (ARTICLES / "05_en_uzbek_agency.txt").read_text(encoding="utf-8")
    records = draft(cli, "-", "--db", str(db_copy), stdin=text)
    assert records[0]["url"] is None
    assert records[0]["_draft"]["note"] == "give --url: a source needs one"
    assert hashlib.sha256(db_copy.read_bytes()).hexdigest() == digest


def test_a_report_with_no_officials_gives_an_empty_draft_and_a_note(cli, tmp_path):
    text = "date 2025-01-01\nIt rained in the city all day, and the river rose by a metre."
    result = cli("extract", write(tmp_path, text), "--url", "https://example.org/n")
    assert result.code == 0
    assert [json.loads(x)["type"] for x in result.stdout.splitlines()] == ["source"]
    assert "nothing found" in result.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        (b"\xff\xfe\xfa bad bytes", "not UTF-8"),
        (
            "Der Filmrat traf sich gestern in Berlin, um über Förderungen zu beraten.".encode(),
            "neither Russian nor English",
        ),
        (b"The report goes on. " * 260_000, "over 1000 KB"),
    ],
    ids=["empty", "blank", "binary", "not-utf8", "german", "5mb"],
)
def test_bad_input_is_one_line_and_exit_1(cli, tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert_clean_error(cli("extract", str(path)), 1, needle)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--lang", "de"], "--lang"),
        (["--published", "09.12.2025"], "--published"),
    ],
)
def test_bad_options_are_usage_errors(cli, tmp_path, args, needle):
    path = write(tmp_path, "BAKU. The film agency met.")
    assert_clean_error(cli("extract", path, *args), 2, needle)


def test_a_missing_file_or_a_directory_is_a_failure(cli, tmp_path):
    assert_clean_error(cli("extract", str(tmp_path / "nope.txt")), 1, "cannot read")
    assert_clean_error(cli("extract", str(tmp_path)), 1, "directory")


def test_without_the_extra_extract_says_how_to_install_it(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "natasha", None)  # as if the extra were not installed
    path = write(tmp_path, "Генеральный директор Агентства кино Рашад Азизов выступил.")
    assert_clean_error(cli("extract", path), 1, "pip install 'filmreg[extract]'")


def test_the_bench_meets_the_targets():
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "extract.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    figures = dict(re.findall(r"(precision|recall|links) ([0-9.]+)", out))
    assert float(figures["precision"]) >= 0.95
    assert float(figures["recall"]) >= 0.90
    assert float(figures["links"]) >= 0.95


def test_a_new_person_in_an_oblique_case_gets_the_nominative_latin_name(cli, tmp_path, db_copy):
    text = (
        "date 2026-01-10\nТАШКЕНТ. Делегация встретилась с заместителем директора Агентства "
        "кинематографии Узбекистана Иваном Петровым (вымышленное лицо)."
    )
    result = cli(
        "extract", write(tmp_path, text), "--url", "https://example.org/f", "--db", str(db_copy)
    )
    person = by_type([json.loads(x) for x in result.stdout.splitlines()], "person")["ivan-petrov"]
    assert person["name"] == "Ivan Petrov"
    assert [n["name"] for n in person["names"]] == ["Иваном Петровым", "Ivan Petrov"]
    (role,) = person["roles"]
    assert (role["organization"], role["role"]) == ("uz-cinematography-agency", "deputy_head")
    (tmp_path / "draft.jsonl").write_text(result.stdout, encoding="utf-8")
    assert cli("import", str(tmp_path / "draft.jsonl"), "--db", str(db_copy)).code == 0
    assert query(db_copy, "SELECT role FROM roles WHERE person_id = 'ivan-petrov'") == [
        ("deputy_head",)
    ]


def test_review_keeps_drops_and_edits_each_fact(cli, tmp_path, db_copy):
    text = (ARTICLES / "04_en_cinema_talks.txt").read_text(encoding="utf-8")
    path = write(tmp_path, text)
    plain = cli("extract", path, "--url", "https://example.org/v").stdout
    order = [json.loads(x)["id"] for x in plain.splitlines()]
    assert order[1:] == [
        "az-film-industry-development-fund",
        "sabina-baghirova",
        "azer-aydemir",
        "cinema-talks",
    ]
    # the fund: keep; Baghirova: keep, her role: edit; Aydemir: drop; the panel: keep;
    # Baghirova as a speaker at it: keep (Aydemir's participation goes with him)
    answers = "k\nk\ne\nadvisor\nAdviser on foreign productions\nd\nk\nk\n"
    result = cli("extract", path, "--url", "https://example.org/v", "--review", stdin=answers)
    assert result.code == 0, result.stderr
    assert "«Sabina Baghirova, an employee of the Azerbaijan Film Agency»" in result.stderr
    records = [json.loads(x) for x in result.stdout.splitlines()]
    people = by_type(records, "person")
    assert set(people) == {"sabina-baghirova"}
    (event,) = by_type(records, "event").values()
    assert [(p["person"], p["capacity"]) for p in event["participations"]] == [
        ("sabina-baghirova", "speaker")
    ]
    (role,) = people["sabina-baghirova"]["roles"]
    assert (role["role"], role["title"]) == ("advisor", "Adviser on foreign productions")
    (tmp_path / "draft.jsonl").write_text(result.stdout, encoding="utf-8")
    assert cli("import", str(tmp_path / "draft.jsonl"), "--db", str(db_copy)).code == 0


def test_review_needs_the_report_as_a_file_and_answers_on_stdin(cli, tmp_path):
    assert_clean_error(cli("extract", "-", "--review", stdin="x"), 2, "--review")
    path = str(ARTICLES / "04_en_cinema_talks.txt")
    result = cli("extract", path, "--url", "https://example.org/w", "--review", stdin="")
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith("filmreg: error: review stopped")


def test_a_new_record_never_takes_the_id_of_a_stored_one(cli, tmp_path, db_copy):
    fictional = [
        {
            "type": "source",
            "id": "fiction-1",
            "label": "A fictional page",
            "language": "en",
            "url": "https://example.org/fiction",
            "kind": "news",
        },
        {
            "type": "event",
            "id": "cinema-talks",
            "name": "Zzyzx Night Screening (fictional)",
            "kind": "ceremony",
            "evidence": [{"source": "fiction-1", "locator": "¶1", "quote": "Zzyzx Night"}],
        },
    ]
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(r) for r in fictional))
    assert cli("import", str(tmp_path / "f.jsonl"), "--db", str(db_copy)).code == 0
    text = (ARTICLES / "04_en_cinema_talks.txt").read_text(encoding="utf-8")
    result = cli(
        "extract", write(tmp_path, text), "--url", "https://example.org/i", "--db", str(db_copy)
    )
    (event,) = by_type([json.loads(x) for x in result.stdout.splitlines()], "event").values()
    assert (event["id"], event["name"], event["kind"]) == (
        "cinema-talks-2",
        "Cinema Talks",
        "panel",
    )
    assert event["city"] == "Baku"
    assert {
        "source": event["evidence"][1]["source"],
        "quote": "BAKU",
        "fields": ["city"],
    }.items() <= {**event["evidence"][1]}.items()
    (tmp_path / "draft.jsonl").write_text(result.stdout, encoding="utf-8")
    assert cli("import", str(tmp_path / "draft.jsonl"), "--db", str(db_copy)).code == 0
    assert query(db_copy, "SELECT name FROM events WHERE id = 'cinema-talks'") == [
        ("Zzyzx Night Screening (fictional)",)
    ]


def test_a_text_naming_hundreds_of_people_is_refused_quickly(cli, tmp_path):
    text = (ARTICLES / "06_en_memorandum.txt").read_text(encoding="utf-8")
    path = write(tmp_path, "\n\n".join([text] * 200))
    assert_clean_error(cli("extract", path), 1, "over 300 people")
