"""Reading the lists district offices send (``ukm register --from``).

``sources`` opens the file (CSV in any of the encodings Excel writes, or the
cells present on each sheet of an xlsx), ``tables`` finds the table on it
(the header row by its known headers, the title above, the end below),
``headers`` knows which header gives which field, ``values`` reads the
values offices write, and ``plan`` puts it together: the entries to
register and everything ukm read, left out or reinterpreted on the way.
"""
