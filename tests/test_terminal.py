"""What a person sees at a terminal: help as help, the reading tables at 80 columns, what is
not known said in words, `show` and `report` in the order and style a reader needs."""

import io
import re

import pytest
from rich.cells import cell_len

from filmreg.cli.render.views import NO_HEAD


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bare_filmreg_prints_its_help_and_exits_0(cli):
    result = cli()
    assert result.code == 0
    assert result.stdout.startswith("Usage: filmreg")
    assert "Commands" in result.stdout and "list" in result.stdout
    assert "error" not in result.stdout + result.stderr


@pytest.mark.parametrize("group", ["db", "add", "end"])
def test_a_bare_group_prints_its_help_and_exits_2(cli, group):
    result = cli(group)
    assert result.code == 2
    assert result.stderr.startswith(f"Usage: filmreg {group}")
    assert "Commands" in result.stderr and "filmreg: error" not in result.stderr


def test_a_missing_argument_says_where_help_is(cli):
    result = cli("show")
    assert result.code == 2
    assert result.stderr.strip() == (
        "filmreg: error: Missing argument 'ID|NAME'. Try 'filmreg show --help'."
    )


@pytest.mark.parametrize("args", [(), ("list",), ("db",), ("db", "path"), ("add", "role")])
def test_dash_h_is_help_everywhere(cli, args):
    result = cli(*args, "-h")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Usage: filmreg")


def _table(cli, *args: str) -> str:
    result = cli(*args, "--format", "table", env={"COLUMNS": "80"})
    assert result.code == 0, result.stderr
    return result.stdout


def test_the_agency_table_fits_80_columns_with_english_names_and_no_ids(cli):
    text = _table(cli, "list", "--country", "AZ")
    assert max(map(cell_len, text.splitlines())) <= 80
    assert "az-film-agency" not in text
    assert "Cinema Agency of the" in text  # the English name, where the names give one
    assert "Rashad Azizov" in text
    assert NO_HEAD in text  # the ministry: no blank cell


def test_people_table_puts_one_role_per_line(cli):
    text = _table(cli, "list", "people", "--country", "UZ")
    assert max(map(cell_len, text.splitlines())) <= 80
    lines = text.splitlines()
    rizayev = next(i for i, line in enumerate(lines) if "Shuhrat Rizayev" in line)
    # his two posts start on lines of their own, each naming its status at its end
    block = "\n".join(lines[rizayev : rizayev + 6])
    assert block.count("(current)") == 1 and block.count("(ended)") == 1
    assert "; " not in block


@pytest.mark.parametrize(
    "args",
    [
        ("list", "events"),
        ("list", "countries"),
        ("list", "cooperations"),
        ("search", "kino"),
        ("list", "people"),
        ("list",),
    ],
)
def test_every_reading_table_fits_80_columns_without_breaking_an_id(cli, args):
    text = _table(cli, *args)
    assert max(map(cell_len, text.splitlines())) <= 80


def test_fields_still_give_the_stored_columns(cli):
    text = _table(cli, "list", "--country", "AZ", "--fields", "id,name_en")
    assert "az-film-agency" in text and "Cinema Agency" in text


def test_json_keeps_name_and_adds_name_en(cli):
    import json

    rows = json.loads(cli("list", "--country", "GE", "--json").stdout)
    centre = next(r for r in rows if r["id"] == "ge-national-film-center")
    assert centre["name"] == "საქართველოს კინემატოგრაფიის ეროვნული ცენტრი"
    assert centre["name_en"] and re.search(r"[A-Za-z]", centre["name_en"])


def test_show_says_no_source_names_the_head_and_puts_current_posts_first(cli):
    text = cli("show", "uz-ministry-of-culture").stdout
    assert f"head now: {NO_HEAD}" in text
    text = cli("show", "az-film-agency").stdout
    assert "head now: Rashad Azizov" in text
    assert text.index("People in post now") < text.index("People in earlier posts")
    assert text.index("People in earlier posts") < text.index("\nNames")


def test_show_on_a_terminal_is_bold_dim_and_wrapped_with_a_hanging_indent():
    from filmreg.api import Registry
    from filmreg.cli.render.record import render_record
    from filmreg.cli.render.terminal import BOLD, DIM, Styled

    out = Terminal()
    render_record(Registry().show("rashad-azizov"), Styled(out, width=80, colour=True))
    text = out.getvalue()
    assert f"{BOLD}Current posts" in text
    assert f"{DIM}source:" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()
    assert all(len(line) <= 80 or " " not in line.strip() for line in plain)
    first = next(i for i, line in enumerate(plain) if line.startswith("  Director-General"))
    assert plain[first + 1].startswith("      ")  # the continuation hangs under the first line


def test_piped_show_is_plain_and_unwrapped(cli):
    text = cli("show", "rashad-azizov").stdout
    assert "\x1b" not in text
    assert any(len(line) > 120 for line in text.splitlines())


def test_report_says_what_is_not_known_prints_the_ranking_score_and_tells_a_link_once(cli):
    text = cli("report", "--country", "UZ").stdout
    assert f"head: {NO_HEAD}" in text
    text = cli("report", "--country", "AZ").stdout
    assert "1. Georgia (GE): explicit score 6, total 8" in text
    assert text.count("Trend News Agency, 2025-12-09, ¶10") == 1
    assert "(the same record as under 1. Georgia)" in text


def test_network_prints_the_score_it_ranks_by_and_plurals(cli):
    lines = cli("report").stdout.splitlines()
    scores = [int(m.group(1)) for m in map(re.compile(r"explicit score (\d+)").search, lines) if m]
    assert scores == sorted(scores, reverse=True)
    assert not any(re.search(r"\b1 links\b", line) for line in lines)
    assert any(re.search(r"\b1 link\b", line) for line in lines)


def test_a_progress_bar_shows_on_a_terminal_only_and_quiet_silences_it(cli, db_copy, tmp_path):
    import sqlite3

    from filmreg.cli.render.progress import bar_for
    from filmreg.formats.export import write_document
    from filmreg.model.progress import reporting
    from filmreg.store.dump import records

    class Term(io.StringIO):
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 2

    assert bar_for(io.StringIO(), quiet=False) is None  # piped: nothing
    assert bar_for(Term(), quiet=True) is None
    screen = Term()
    conn = sqlite3.connect(db_copy)
    with reporting(bar_for(screen, quiet=False)):
        write_document(conn, "jsonl", io.StringIO())
    assert "exporting records" in screen.getvalue()
    assert f"/{sum(1 for _ in records(conn))}" in screen.getvalue()
    # piped runs of the commands print no bar and no carriage return
    out = tmp_path / "all.jsonl"
    result = cli("export", "--format", "jsonl", "--output", str(out), "--db", str(db_copy))
    assert result.code == 0 and "\r" not in result.stderr and "━" not in result.stderr
    result = cli("import", str(out), "--db", str(db_copy), "--quiet")
    assert result.code == 0 and "\r" not in result.stderr and "━" not in result.stderr


def _complete_in_bash(tmp_path, words: str) -> list[str]:
    """Load `filmreg completion bash` into a real bash and ask it to complete `words`."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "filmreg.bash"
    script.write_text(run_filmreg("completion", "bash"))
    bindir = Path(sys.executable).parent
    assert (bindir / "filmreg").exists()
    words_list = words.split(" ")
    program = (
        f"source {script}; COMP_WORDS=({words}); COMP_CWORD={len(words_list) - 1}; "
        '_filmreg_completion filmreg; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{bindir}:{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [bash, "--norc", "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def run_filmreg(*args: str) -> str:
    from conftest import invoke

    result = invoke(*args)
    assert result.code == 0, result.stderr
    return result.stdout


def test_bash_completion_completes_a_command_and_a_country(tmp_path):
    assert _complete_in_bash(tmp_path, "filmreg rep") == ["report"]
    assert _complete_in_bash(tmp_path, "filmreg list --country Uzb") == ["Uzbekistan"]
    assert "GE" in _complete_in_bash(tmp_path, "filmreg report -c G")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(cli, shell):
    result = cli("completion", shell)
    assert result.code == 0 and "_FILMREG_COMPLETE" in result.stdout


def test_completion_of_an_unknown_shell_is_a_clean_error(cli):
    from conftest import assert_clean_error

    assert_clean_error(cli("completion", "tcsh"), 2, "unknown shell 'tcsh'")


def test_serve_refuses_a_port_that_is_not_one(cli):
    from conftest import assert_clean_error

    assert_clean_error(cli("serve", "--port", "70000"), 2, "--port 70000 is not a port number")


def test_the_wheel_metadata_names_the_web_extra():
    import tomllib

    from conftest import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert any(d.startswith("datasette") for d in project["optional-dependencies"]["web"])
    web = REPO / "src" / "filmreg" / "web"
    for shipped in ("metadata.yaml", "templates/row.html", "plugins/filmreg_web.py"):
        assert (web / shipped).is_file()


def test_a_country_record_names_each_bodys_head_or_says_none_is_named(cli):
    import json

    text = cli("show", "Uzbekistan").stdout
    assert f"head now: {NO_HEAD}" in text and "head now: Shuhrat Rizayev" in text
    record = json.loads(cli("show", "Uzbekistan", "--json").stdout)
    heads = {o["id"]: o["current_heads"] for o in record["organizations"]}
    assert heads["uz-ministry-of-culture"] == []
    assert heads["uz-cinematography-agency"] == ["Shuhrat Rizayev"]


def test_long_text_on_a_terminal_goes_through_the_pager_and_no_pager_prints_it(
    monkeypatch, tmp_path
):
    from filmreg.cli.render.terminal import page

    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {paged}")
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("COLUMNS", "80")

    def long_text(out):
        for i in range(40):
            out.line(f"line {i}")

    screen = Terminal()
    page(long_text, screen)
    assert screen.getvalue() == "" and paged.read_text().count("\n") == 40
    paged.unlink()
    page(long_text, screen, pager=False)
    assert screen.getvalue().count("\n") == 40 and not paged.exists()
    short = Terminal()
    page(lambda out: out.line("one line"), short)
    assert short.getvalue() == "one line\n" and not paged.exists()


def test_serve_says_what_to_install_without_datasette_and_when_the_port_is_taken(cli, monkeypatch):
    import importlib.util
    import socket

    from conftest import assert_clean_error

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert_clean_error(cli("serve", "--port", port), 1, f"port {port}", "--port N")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name)
    )
    assert_clean_error(cli("serve", "--port", "8001"), 1, "pip install 'filmreg[web]'")
