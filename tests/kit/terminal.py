"""A real pseudo-terminal for a ``ukm`` process: what a person at a terminal would see."""

from __future__ import annotations

import os
import select
import subprocess
import time


def run_on_terminal(command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    """Run ``command`` with stdout and stderr on a pseudo-terminal; what it wrote."""
    import pty  # POSIX only: importing it on Windows fails

    leader, follower = pty.openpty()
    proc = subprocess.Popen(command, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")
