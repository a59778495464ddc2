"""Reading the lists offices send: a spreadsheet's rows -> entries for a write.

``ukm register --from``: ``sources`` opens the file (CSV in any of the
encodings Excel writes, or the cells present on each worksheet of an xlsx),
``region`` finds the list on it (the header row by its known headers, the
title above, the end below), ``headers`` knows which header gives which
field, ``values`` reads the values offices write, and ``plan`` puts it
together: the entries to register and everything ukm read, left out or
reinterpreted on the way.  ``ukm measure --from``: ``measure_rows``;
``ukm score --from``: ``score_rows``.  The entries are ``core/writing``'s;
nothing here writes.
"""
