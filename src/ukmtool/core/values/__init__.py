"""One reader per kind of value an office writes, for options, prompts, imports and files alike.

Each takes every form an office writes and returns what ukm keeps, or raises
``fields.ValueProblem`` saying what to write instead; ``ukm check``, the
options of every command, the desk's prompts and the imports all call the
same one, so a value read in one place is never refused in another.
``dates`` (a day), ``quantities`` (hours, a count of people), ``money``
(whole Rupiah), ``people`` (gender, phone, NIK, NIB), ``places`` (district,
sector).  What ukm prints (``1,5 jam``, ``13 Desember 2017``, ``Rp1.500.000``)
each reads back.
"""
