"""Run a command in a fresh child process: its wall time and its peak memory."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child and the workers it reaped
    largest_mb: float  # peak RSS of the largest process (ru_maxrss of the child's tree)
    total_mb: float  # peak of the summed PSS of the child and its workers (if sampled)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, sample=False) -> Run:
    """Run command to the end; fail loudly if it fails.

    With sample, a thread also sums the memory of the command's processes; it
    costs CPU the command could use, so timed runs go without it.
    """
    sampler = TreeSampler() if sample else NoSampler()
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    sampler.start(child.pid)
    stderr = child.stderr.read()
    # wait4 gives this child's own rusage (it and the workers it reaped), not the
    # running maximum over every child this process ever had.
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    total = sampler.stop()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{stderr.decode()[-3000:]}")
    largest = usage.ru_maxrss / 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, largest, max(total, largest))


class NoSampler:
    def start(self, pid: int) -> None:
        pass

    def stop(self) -> float:
        return 0.0


class TreeSampler:
    """Sample the summed proportional memory (PSS) of a process and its descendants.

    PSS divides pages shared by forked workers among them, so the sum is the
    memory the whole build really holds. Linux only; elsewhere it reports 0.
    """

    INTERVAL = 0.05

    def __init__(self) -> None:
        self.peak_kb = 0
        self.done = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        if Path("/proc/self/smaps_rollup").exists():
            self.thread = threading.Thread(target=self.sample, args=(pid,), daemon=True)
            self.thread.start()

    def stop(self) -> float:
        self.done.set()
        if self.thread:
            self.thread.join()
        return self.peak_kb / 1024

    def sample(self, root: int) -> None:
        while not self.done.wait(self.INTERVAL):
            total = sum(pss_kb(pid) for pid in tree(root))
            self.peak_kb = max(self.peak_kb, total)


def tree(root: int) -> list[int]:
    """The pid and every descendant of root, from /proc/*/stat."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0
