"""Who used the CPU during a benchmark window: the server, PostgreSQL, the load generator and everything else.

A throughput ratio between one and two workers only means something next to this: on a two-core machine a second
worker can add at most what the first left idle, and the database and the load generator run on the same cores.
The machine's idle time and the time its host took back (steal: a virtual machine's cores are shared) are the rest.
Reads /proc (Linux); elsewhere `CpuWindow` reports nothing."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
MACHINE = ("idle", "stolen")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_ticks() -> dict[str, int]:
    """CPU ticks (user + system) so far of each running process, grouped as server / database / generator / other."""
    me = os.getpid()
    groups = {"server": 0, "database": 0, "generator": 0, "other": 0}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # the process ended while being read
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12])
        if int(entry.name) == me:
            group = "generator"
        elif comm.startswith("postgres") or cmdline.startswith(b"postgres"):
            group = "database"
        elif b"gunicorn" in cmdline:
            group = "server"
        else:
            group = "other"
        groups[group] += ticks
    groups.update(_machine_ticks())
    return groups


def _machine_ticks() -> dict[str, int]:
    """Idle and stolen ticks of all cores so far (/proc/stat's first line: user nice system idle iowait irq softirq
    steal …)."""
    fields = (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]
    return {"idle": int(fields[3]) + int(fields[4]), "stolen": int(fields[7])}


@dataclass
class CpuShare:
    """Cores used on average in the window, per group."""
    cores: dict[str, float]

    def line(self) -> str:
        used = "   ".join(f"{name} {value:.2f}" for name, value in self.cores.items() if name not in MACHINE)
        rest = "   ".join(f"{name} {self.cores[name]:.2f}" for name in MACHINE if name in self.cores)
        return f"cores busy: {used}   (of {os.cpu_count()}; {rest})"


class CpuWindow:
    """`with CpuWindow() as window:` … then `window.share` (None where /proc is missing)."""

    def __enter__(self) -> "CpuWindow":
        self.share: CpuShare | None = None
        self._start = _process_ticks() if PROC.exists() else None
        self._t0 = os.times().elapsed
        return self

    def __exit__(self, *exc) -> None:
        if self._start is None:
            return
        end, seconds = _process_ticks(), os.times().elapsed - self._t0
        # a process that ended inside the window took its ticks with it; clamp rather than show negative use
        self.share = CpuShare({name: max(0, end[name] - self._start[name]) / TICKS / seconds for name in end})
