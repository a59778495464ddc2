"""``ukm attend`` (``commands/attend.py``): marks, sessions, the roll call, two at once."""
