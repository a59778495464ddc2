"""ukm's side of the Typst child process: start it, give it jobs, wait, stop it.

Typst compiles inside Rust without ever looking at signals, and an
out-of-memory there aborts the whole process.  So it runs in a child
(``worker.py``), and ukm waits for each answer a tenth of a second at a time:
Ctrl-C (a KeyboardInterrupt in ukm's main thread) or a job running past its
time limit kills the child at once, and the child's own death (a memory
limit reached, a crash) comes back as an exception here, never as a
backtrace on the person's terminal (the child's stderr goes to a temporary
file).
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO, Any

from ukmtool.render.typesetting.worker import receive, send

POLL = 0.1
"""Seconds between looks at Ctrl-C and the clock while the child works."""
RESTART_ABOVE = 700 * 1024 * 1024
"""A child holding more than this after a job is replaced before the next one (bytes)."""
_MEMORY_WORDS = ("memory allocation of", "out of memory", "memoryerror", "cannot allocate memory")


class ChildTimeout(Exception):
    """A job ran past its time; the child was killed."""


class ChildDied(Exception):
    """The child ended in the middle of a job."""

    def __init__(self, memory: bool, said: str, code: int | None) -> None:
        super().__init__(said)
        self.memory = memory
        self.said = said
        self.code = code


class ChildFailed(Exception):
    """The job failed in the child: a Typst error (message, diagnostic, hints) or another."""

    def __init__(self, message: str, diagnostic: str = "", hints: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostic = diagnostic
        self.hints = hints or []


class Child:
    """One Typst child process, started at once (its start-up overlaps ukm's own work)."""

    def __init__(self, memory_limit: int | None) -> None:
        self.memory_limit = memory_limit
        self.process: subprocess.Popen[bytes] | None = None
        self.answers: queue.Queue[Any] = queue.Queue()
        self.stderr: Any = None
        self.starting = False
        self.start()

    def start(self) -> None:
        """Start a fresh child."""
        env = {
            **os.environ,
            "RUST_BACKTRACE": "0",
            "RUST_LIB_BACKTRACE": "0",
            "MALLOC_ARENA_MAX": "2",  # address space the memory limit counts, not memory used
            "PYTHONIOENCODING": "utf-8",
        }
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 # kept open while the child lives
        argv = [
            sys.executable,
            "-m",
            "ukmtool.render.typesetting.worker",
            str(self.memory_limit or 0),
        ]
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
            creationflags=flags,
        )
        self.answers = queue.Queue()
        self.starting = True
        stdout = self.process.stdout
        assert stdout is not None
        threading.Thread(target=self._read, args=(stdout, self.answers), daemon=True).start()

    @staticmethod
    def _read(stream: IO[bytes], answers: queue.Queue[Any]) -> None:
        try:
            while True:
                answers.put(receive(stream))
        except (EOFError, OSError, ValueError):
            answers.put(EOFError())

    def ask(self, job: tuple[Any, ...], seconds: float | None) -> tuple[Any, ...]:
        """The child's answer to ``job``: ``("ok", pages, cut)``.

        Raises :class:`ChildTimeout` after ``seconds`` (None: no limit),
        :class:`ChildDied` or :class:`ChildFailed`; KeyboardInterrupt (and any
        other exception) kills the child before it goes on up.
        """
        if self.process is None or self.process.poll() is not None:
            self.start()
        process = self.process
        assert process is not None and process.stdin is not None
        try:
            if self.starting:  # its first word: it has imported Typst and is listening
                if isinstance(self._wait(seconds), EOFError):
                    raise self._death()
                self.starting = False
            send(process.stdin, job)
            answer = self._wait(seconds)
        except BaseException:
            self.kill()
            raise
        if isinstance(answer, EOFError):
            raise self._death()
        kind = answer[0]
        if kind == "ok":
            _ok, pages, cut, rss = answer
            if rss > RESTART_ABOVE:
                self.close()  # the next job gets a fresh child: memory stays bounded
            return ("ok", pages, cut)
        if kind == "error":
            raise ChildFailed(answer[1], answer[2], list(answer[3]))
        if kind == "memory":
            self.kill()
            raise ChildDied(True, "MemoryError", None)
        raise ChildFailed(str(answer[1]))

    def _wait(self, seconds: float | None) -> Any:
        deadline = None if seconds is None else time.monotonic() + seconds
        while True:
            try:
                return self.answers.get(timeout=POLL)
            except queue.Empty:
                if deadline is not None and time.monotonic() > deadline:
                    self.kill()
                    raise ChildTimeout from None

    def _death(self) -> ChildDied:
        process = self.process
        code = process.wait() if process is not None else None
        said = ""
        if self.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                self.stderr.seek(0)
                said = self.stderr.read()[-4000:].decode("utf-8", "replace")
        lines = [line.strip() for line in said.splitlines() if line.strip()]
        memory = code == -9 or any(w in said.lower() for w in _MEMORY_WORDS)
        first = next(
            (line for line in lines if "memory" in line.lower()), lines[0] if lines else ""
        )
        self._discard()
        return ChildDied(memory, first, code)

    def kill(self) -> None:
        """Stop the child now (it is waited for: no process is left behind)."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
        self._discard()

    def close(self) -> None:
        """Let the child end after its last job (killed if it does not within a second)."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()
            try:
                process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._discard()

    def _discard(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(OSError, ValueError):
                    if stream is not None:
                        stream.close()
        if self.stderr is not None:
            with contextlib.suppress(OSError):
                self.stderr.close()
            self.stderr = None
