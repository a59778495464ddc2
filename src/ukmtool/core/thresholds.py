"""How many sessions a module requires: the one rule the loader's checks need too.

``rules`` builds on it; ``reading/checks`` uses it to note a threshold that
allows no absence (the checks must not import ``rules``, which needs a loaded
programme).
"""

from __future__ import annotations


def required_sessions(sessions: int, min_attendance: int) -> int:
    """ceil(sessions x min_attendance / 100), and at least 1 when min_attendance > 0."""
    needed = -(-sessions * min_attendance // 100)
    return max(needed, 1) if min_attendance > 0 else needed


def allows_no_absence(sessions: int, min_attendance: int) -> bool:
    """Whether ``min_attendance`` of ``sessions`` (two or more) requires every one of them."""
    return sessions >= 2 and required_sessions(sessions, min_attendance) >= sessions


def one_absence_threshold(sessions: int) -> int:
    """The highest whole ``min_attendance`` that lets someone miss one of ``sessions`` (>= 2).

    floor(100 x (sessions - 1) / sessions): 50 for 2 sessions, 66 for 3, 75 for 4.
    """
    return 100 * (sessions - 1) // sessions
