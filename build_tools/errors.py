"""One error type for every mistake in the input, each with the place it was found."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [printable(self.path, limit=None)]  # a file name can hold escape sequences too
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.location}: {prefix}{self.message}"


class BriefingError(Exception):
    """Bad input: carries every problem found, so the editor fixes them in one pass."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        errors = sum(not p.warning for p in self.problems)
        lines.append(f"{errors} error{'s' if errors != 1 else ''} found; nothing was written.")
        return "\n".join(lines)


class Problems:
    """Collects problems while a stage runs; raise_if_any() ends the stage."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message))

    def warn(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_any(self) -> None:
        if self.errors:
            raise BriefingError(sorted(self.items, key=_order))


def _order(problem: Problem) -> tuple:
    loc = problem.location
    return (loc.path, loc.line or 0, loc.column or 0)


def printable(text: str, limit: int | None = 100) -> str:
    """The text safe to print on a terminal: invisible characters escaped (\\x1b), and shortened past the limit.

    Messages quote what editors wrote, and they are printed to terminals and CI logs, where an
    escape sequence could rewrite the screen or hide the line that matters.
    """
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in text)


def quoted(value: object) -> str:
    """A value as messages quote it: 'like this', printable."""
    return f"'{printable(str(value))}'"
