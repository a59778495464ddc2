"""The roll call: one key per participant, walked in registration order.

Pure state, no terminal: the command reads keys and passes them to
:meth:`RollCall.press`, which says what happened.  H/T/I/S/A (either case)
give present/late/excused/sick/absent, Enter gives present, ``u`` takes back
the last mark and goes back to that participant, ``q`` (or the end of input)
stops and keeps what was marked; Ctrl-C cancels and keeps nothing.  Once
everyone has a mark the walk waits for Enter (or ``q``) before it ends, so
the last mark can still be undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ukmtool.core.models import Participant

KEYS: dict[str, str] = {
    "h": "present",
    "t": "late",
    "i": "excused",
    "s": "sick",
    "a": "absent",
    "\r": "present",
    "\n": "present",
}
UNDO = "u"
STOP = "q"
CANCEL = "\x03"
END_OF_INPUT = ("", "\x04")
ENTER = ("\r", "\n", "\r\n")


class StepKind(Enum):
    """What one key press did."""

    MARKED = "marked"
    UNDONE = "undone"
    NOTHING_TO_UNDO = "nothing_to_undo"
    UNKNOWN = "unknown"
    STOPPED = "stopped"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Step:
    """The result of one key: what happened, to whom, with which status."""

    kind: StepKind
    participant: Participant | None = None
    status: str | None = None


@dataclass
class RollCall:
    """Walk ``queue`` one participant at a time; ``marks`` holds what was given so far."""

    queue: list[Participant]
    marks: dict[str, str] = field(default_factory=dict)
    position: int = 0
    stopped: bool = False

    @property
    def current(self) -> Participant | None:
        """The participant waiting for a key, None once everyone has one or the walk stopped."""
        if self.stopped or self.position >= len(self.queue):
            return None
        return self.queue[self.position]

    @property
    def all_marked(self) -> bool:
        """Everyone in the queue has a mark (Enter or q then saves, u still undoes)."""
        return self.position >= len(self.queue)

    def press(self, key: str) -> Step:
        """Take one key (as read from the terminal) and say what it did."""
        if key == CANCEL:
            self.stopped = True
            self.marks.clear()
            return Step(StepKind.CANCELLED)
        if key in END_OF_INPUT or key.casefold() == STOP:
            self.stopped = True
            return Step(StepKind.STOPPED)
        if key.casefold() == UNDO:
            return self._undo()
        status = KEYS.get("\r" if key == "\r\n" else key.casefold())
        participant = self.current
        if participant is None and key in ENTER:
            self.stopped = True  # Enter once everyone is marked: save
            return Step(StepKind.STOPPED)
        if participant is None or status is None:
            return Step(StepKind.UNKNOWN, participant)
        self.marks[participant.id] = status
        self.position += 1
        return Step(StepKind.MARKED, participant, status)

    def _undo(self) -> Step:
        if self.position == 0:
            return Step(StepKind.NOTHING_TO_UNDO)
        self.position -= 1
        participant = self.queue[self.position]
        status = self.marks.pop(participant.id, None)
        return Step(StepKind.UNDONE, participant, status)
