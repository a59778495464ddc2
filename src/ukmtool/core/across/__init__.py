"""Across programmes: one business in several folders (``identity``), its record in each.

``ukm history``, ``ukm compare --returning`` and what ``ukm register`` says of a
business that took part in an earlier programme (program.yaml's ``earlier``).
"""
