"""Writing: only changed files are rewritten, stale ones removed, nothing escapes the folder."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from build_tools.write import LOCK, BuildLock, one_per_path, safe_relative, write_tree


def test_write_if_changed_and_remove_stale(tmp_path):
    first = write_tree(tmp_path, {"a.md": "one\n", "sub/b.md": "two\n", "old/c.md": "x"})
    assert sorted(first.written) == ["a.md", "old/c.md", "sub/b.md"]
    stamp = (tmp_path / "a.md").stat().st_mtime_ns
    second = write_tree(tmp_path, {"a.md": "one\n", "sub/b.md": "changed\n"})
    assert second.written == ("sub/b.md",)
    assert second.unchanged == 1
    assert second.removed == ("old/c.md",)
    assert not (tmp_path / "old").exists()
    assert (tmp_path / "a.md").stat().st_mtime_ns == stamp


@pytest.mark.parametrize("path", ["../x.md", "/etc/x", "a/../../x", "", "a//b", "./a"])
def test_paths_outside_the_folder_are_refused(path):
    with pytest.raises(ValueError):
        safe_relative(path)


def test_bytes_are_written_as_is(tmp_path):
    write_tree(tmp_path, {"x.bin": b"\x00\xff"})
    assert (tmp_path / "x.bin").read_bytes() == b"\x00\xff"


def test_a_failure_while_writing_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    write_tree(tmp_path, {"a.md": "old a\n", "b.md": "old b\n", "c/d.md": "old d\n"})
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    real_write = Path.write_bytes
    calls = []

    def failing_write(self, data):
        calls.append(self)
        if len(calls) == 2:  # the second changed file: the disk is full
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError):
        write_tree(tmp_path, {"a.md": "new a\n", "b.md": "new b\n", "c/d.md": "new d\n", "e.md": "new\n"})
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_build_lock_excludes_other_processes_until_released(tmp_path):
    """The lock is flock(2)'s, the one `flock` in the Makefile takes: another process waits while it is held."""
    def another_process_gets_it() -> bool:
        return subprocess.run(["flock", "--nonblock", str(tmp_path / LOCK), "true"], check=False).returncode == 0

    lock, waited = BuildLock(tmp_path / "docs"), []
    lock.acquire(waiting=lambda: waited.append(True))
    lock.acquire()  # a second acquire (the hook's on_config of a rebuild) holds it still
    assert not another_process_gets_it()
    lock.release()
    assert another_process_gets_it()
    lock.release()  # not held: nothing happens
    assert waited == []


def test_a_path_made_twice_is_refused():
    assert one_per_path({"a.md": "1"}, {"b.md": "2"}) == {"a.md": "1", "b.md": "2"}
    with pytest.raises(ValueError, match="two generated files have the path 'a.md'"):
        one_per_path({"a.md": "1"}, {"a.md": "2"})


def test_the_committed_gitignore_of_docs_is_kept(tmp_path):
    (tmp_path / ".gitignore").write_text("*\n", encoding="utf-8")
    (tmp_path / "stale.md").write_text("x", encoding="utf-8")
    report = write_tree(tmp_path, {"a.md": "one\n"})
    assert report.removed == ("stale.md",)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "a.md"]
