"""Problems a writer can act on: where, what, and what to do about it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

LOGGER_NAME = "essays.problems"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pointing at a file and line."""

    path: str
    line: int
    message: str
    hint: str = ""
    level: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.level}: {self.message}"
        return f"{text}\n    {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised by a reader when a file cannot become a page."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def report(problem: Problem) -> None:
    """Log a problem so the build driver collects it with its file and line."""
    logger = logging.getLogger(LOGGER_NAME)
    # Pelican's logger class drops a warning it has seen before in this process,
    # so a rebuild in `invoke serve` would lose it: this logger keeps every one.
    if hasattr(logger, "disable_filter"):
        logger.disable_filter()
    level = logging.WARNING if problem.level == "warning" else logging.ERROR
    logger.log(level, "%s", problem, extra={"problem": problem})
