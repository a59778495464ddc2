"""``ukm edit`` (``commands/edit.py``): options, the desk, and every byte of the file kept."""
