"""``ukm register`` one business at a time (``commands/register.py``, ``desk.py``); ``--from`` in
``tests/core/importing``."""
