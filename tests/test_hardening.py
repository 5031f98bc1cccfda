"""Bad input gets one clear line and a documented exit code; nothing is damaged or misread."""

import pytest

from conftest import assert_clean_error, invoke


@pytest.mark.parametrize("fmt", ["json", "jsonl", "popolo", "csv"])
def test_export_into_a_missing_directory_is_exit_1_for_every_format(db_copy, tmp_path, fmt):
    target = tmp_path / "missing" / "dir" / "x"
    result = invoke("export", "--format", fmt, "--db", str(db_copy), "-o", str(target))
    assert_clean_error(result, 1, "does not exist")


@pytest.mark.parametrize(
    "args, needle",
    [
        (("-o", "/dev/full"), "/dev/full"),
        (("-o", ""), "directory"),
        (("--format", "popolo", "-o", "{tmp}"), "directory"),
        (("--format", "json", "-o", "{tmp}"), "directory"),
    ],
)
def test_export_to_an_unwritable_target_is_a_clean_error(db_copy, tmp_path, args, needle):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    assert_clean_error(invoke("export", "--db", str(db_copy), *args), 1, needle)
