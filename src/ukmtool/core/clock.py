"""The day it is: the one place ukm asks the system for today's date.

Every default date (a session dated today, the day a participant registers,
a visit, a measurement, a certificate, the "Printed on" line) comes from
:func:`today`, so a test that pins the day pins it everywhere.
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    """Today's date (tests replace this to pin the day)."""
    return date.today()
