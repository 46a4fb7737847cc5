"""What every hostile bench counts (packages, templates, spreadsheets, datasets): one base that each
generator's ``Stats`` extends with its own counters, and the time over which a file counts as a hang."""

from __future__ import annotations

from dataclasses import dataclass, field

#: a file that takes longer than this is a hang
HANG_SECONDS = 10.0


@dataclass
class HostileStats:
    """What every hostile bench counts (packages, templates, spreadsheets, datasets); each adds its
    own counters."""

    tried: int = 0
    crashes: int = 0
    hangs: int = 0
    partial: int = 0
    worst_seconds: float = 0.0
    worst_name: str = ""
    problems: list = field(default_factory=list)  # (file, what) for every crash / partial / accepted

    def timed(self, took: float, name: str) -> None:
        """Keep the slowest file."""
        if took > self.worst_seconds:
            self.worst_seconds, self.worst_name = took, name
