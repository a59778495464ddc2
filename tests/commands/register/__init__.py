"""``ukm register`` one business at a time (``commands/register.py``); ``--from`` is in
``tests/core/importing``."""
