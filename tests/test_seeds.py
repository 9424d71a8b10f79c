"""The seeds folder: only its regular .txt and .yml files are opened, each checked again once open, and read as UTF-8."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from build_tools.errors import Location, Problems
from build_tools.seeds import decode, list_seed_files, read_seed

from .conftest import run_cli, write_seeds


def _socket(path: Path) -> None:
    """A Unix socket in place of path, made from within its folder: socket paths are limited to about a hundred bytes."""
    path.unlink(missing_ok=True)
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path.name)
    finally:
        os.chdir(here)


def _link(name: str, target: str):
    """A change that puts a symbolic link to target in place of the seeds' file of this name."""

    def change(seeds: Path) -> None:
        (seeds / name).unlink(missing_ok=True)
        (seeds / name).symlink_to(target)

    return change


def _folder_link(seeds: Path) -> None:
    """Move the seeds folder aside and put a link to it in its place."""
    seeds.rename(seeds.with_name("real-seeds"))
    seeds.symlink_to("real-seeds")


# (case, what to do to a seeds folder that has built, the expected lines): entries the build must not read.
ENTRIES = [
    ("a folder named like an article", lambda seeds: (seeds / "x.txt").mkdir(), ["seeds/x.txt: this is a folder, not a regular file; only regular files are read from seeds/"]),
    ("a named pipe named like an article", lambda seeds: os.mkfifo(seeds / "x.txt"), ["seeds/x.txt: this is a named pipe (FIFO), not a regular file; only regular files are read from seeds/"]),
    ("a named pipe named like metadata", lambda seeds: os.mkfifo(seeds / "note.yml.tmp.yml"), ["seeds/note.yml.tmp.yml: this is a named pipe (FIFO), not a regular file; only regular files are read from seeds/"]),
    ("a socket named like a registry", lambda seeds: _socket(seeds / "note.anchors.yml"), ["seeds/note.anchors.yml: this is a socket, not a regular file; only regular files are read from seeds/"]),
    ("an article that links to a file outside seeds/", _link("leak.txt", "../secret"), ["seeds/leak.txt: this is a symbolic link; seeds/ must hold the file itself, not a link to '../secret'"]),
    ("a glossary that links to a file inside seeds/", _link("glossary.yml", "leak.txt"), ["seeds/glossary.yml: this is a symbolic link; seeds/ must hold the file itself, not a link to 'leak.txt'"]),
    ("metadata that links to nowhere", _link("note.yml", "gone"), ["seeds/note.yml: this is a symbolic link; seeds/ must hold the file itself, not a link to 'gone'"]),
    ("an article of over 100 MB", lambda seeds: os.truncate(seeds / "note.txt", 100_000_001), ["seeds/note.txt: the file holds more than 100 MB, the most a seed file may hold"]),
    ("the seeds folder as a link", _folder_link, ["seeds: the seeds folder is a symbolic link; give the folder itself"]),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in ENTRIES], ids=[case[0] for case in ENTRIES])
def test_only_regular_files_of_seeds_are_read(tmp_path, change, expected):
    seeds = write_seeds(tmp_path / "seeds", {"leak.yml": "title: Leak\nsource: {name: T}\n"})
    (seeds / "leak.txt").write_text("Nothing secret.\n", encoding="utf-8")
    (tmp_path / "secret").write_text("root:x:0:0\n", encoding="utf-8")
    (seeds / "picture.png").mkdir()  # other names are not looked at, whatever they are
    docs = tmp_path / "docs"
    assert run_cli("build", "--seeds", str(seeds), "--docs", str(docs)).returncode == 0
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    change(seeds)
    result = run_cli("build", "--seeds", str(seeds), "--docs", str(docs))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.replace(f"{tmp_path}/", "").splitlines() == [*expected, "1 error found; nothing was written."]
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def _replace_with_pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _replace_with_link(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize(
    "change, expected",
    [
        (_replace_with_pipe, "note.txt: this is a named pipe (FIFO), not a regular file; only regular files are read from seeds/"),
        (_replace_with_link, "note.txt: this is a symbolic link; seeds/ must hold the file itself, not a link to '/dev/zero'"),
        (Path.unlink, "note.txt: the file cannot be read: No such file or directory"),
    ],
    ids=["a pipe", "a link", "nothing"],
)
def test_a_file_replaced_after_listing_is_checked_again_when_opened(tmp_path, change, expected):
    seeds = write_seeds(tmp_path / "seeds", {})
    problems = Problems()
    listed = list_seed_files(seeds, problems)
    change(listed["note.txt"])
    assert read_seed(listed["note.txt"], problems) is None
    assert [str(p).replace(f"{seeds}/", "") for p in problems.items] == [expected]


def test_files_of_other_names_are_never_opened(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {})
    os.mkfifo(seeds / "notes.md")
    (seeds / "drafts").mkdir()
    (seeds / "passwd").symlink_to("/etc/passwd")
    problems = Problems()
    assert sorted(list_seed_files(seeds, problems)) == ["glossary.yml", "note.txt", "note.yml"]
    assert problems.items == []


def test_decode_reports_line_and_column_of_bad_byte():
    problems = Problems()
    assert decode("a.txt", b"ok\nab\xffc", problems) is None
    assert problems.items[0].location == Location("a.txt", 2, 3)
