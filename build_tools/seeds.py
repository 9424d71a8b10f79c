"""The seeds folder: which files it holds, and their text (the only reader of input files)."""
from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from .errors import Location, Problems, quoted

SEED_SUFFIXES = (".txt", ".yml")  # the only files of seeds/ the build opens
# The benchmark's articles reach 20 MB; a seed file five times that is a mistake, and reading it would only fill memory.
MAX_SEED_BYTES = 100_000_000


def list_seed_files(seeds: Path, problems: Problems) -> dict[str, Path | None]:
    """The .txt and .yml entries of seeds/, by name: a regular file's path, or None where the entry was refused.

    Nothing is followed or opened here: a symbolic link could publish a file of the build machine,
    and opening a named pipe waits for a writer forever. Other names are not looked at.
    """
    try:
        mode = os.lstat(seeds).st_mode
    except FileNotFoundError:
        problems.error(Location(str(seeds)), "the seeds folder does not exist")
        return {}
    except OSError as exc:
        problems.error(Location(str(seeds)), f"the seeds folder cannot be read: {exc.strerror}")
        return {}
    if stat.S_ISLNK(mode) or not stat.S_ISDIR(mode):
        problems.error(Location(str(seeds)), f"the seeds folder is {_kind(mode)}; give the folder itself")
        return {}
    found: dict[str, Path | None] = {}
    with os.scandir(seeds) as entries:
        for entry in entries:
            if entry.name.endswith(SEED_SUFFIXES):
                path = seeds / entry.name
                found[entry.name] = path if _is_regular(path, entry.stat(follow_symlinks=False).st_mode, problems) else None
    return dict(sorted(found.items()))


class NotRead(Exception):
    """Why read_regular read nothing: the entry's kind (a stat mode), a size past the limit, or the system's reason."""

    def __init__(self, mode: int | None = None, size: int | None = None, reason: str = ""):
        super().__init__(reason)
        self.mode, self.size, self.reason = mode, size, reason


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, never through a symbolic link, at most `limit` of them; raises NotRead.

    The file is checked again once open, in case it was replaced after it was listed, and a named
    pipe is opened without waiting for a writer.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise NotRead(mode=stat.S_IFLNK) if exc.errno == errno.ELOOP else NotRead(reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRead(mode=info.st_mode)
        if limit is not None and info.st_size > limit:
            raise NotRead(size=info.st_size)
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read() if limit is None else file.read(limit + 1)
    finally:
        os.close(descriptor)
    if limit is not None and len(data) > limit:  # it grew while being read
        raise NotRead(size=len(data))
    return data


def read_seed(path: Path, problems: Problems) -> str | None:
    """A listed seed file's text, or None after reporting why it was not read."""
    try:
        data = read_regular(path, MAX_SEED_BYTES)
    except NotRead as refused:
        if refused.mode is not None:
            _is_regular(path, refused.mode, problems)
        elif refused.size is not None:
            _fits(path, refused.size, problems)
        else:
            problems.error(Location(str(path)), f"the file cannot be read: {refused.reason}")
        return None
    return decode(str(path), data, problems)


def _is_regular(path: Path, mode: int, problems: Problems) -> bool:
    """Whether the entry is a regular file; a link or any other kind of entry is reported."""
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISLNK(mode):
        try:
            target = quoted(os.readlink(path))
        except OSError:
            target = "another file"
        problems.error(Location(str(path)), f"this is a symbolic link; seeds/ must hold the file itself, not a link to {target}")
    else:
        problems.error(Location(str(path)), f"this is {_kind(mode)}, not a regular file; only regular files are read from seeds/")
    return False


def _fits(path: Path, size: int, problems: Problems) -> bool:
    """Whether a file of this size may be read; a larger one is reported."""
    if size <= MAX_SEED_BYTES:
        return True
    problems.error(Location(str(path)), f"the file holds more than {MAX_SEED_BYTES // 1_000_000} MB, the most a seed file may hold")
    return False


def _kind(mode: int) -> str:
    """What a file-system entry is, in words."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISREG, "a file"),
    )
    return next((words for test, words in kinds if test(mode)), "a special file")


def decode(path: str, data: bytes, problems: Problems) -> str | None:
    """UTF-8 text (a byte-order mark is accepted and dropped); anything else is an error."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and b"\x00" in data[:2]):
        problems.error(Location(path, 1), "the file is UTF-16; save it as UTF-8")
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            Location(path, line, column),
            f"invalid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
        return None
