"""The core: what the files mean and what ukm computes and writes; never prints.

It returns values and raises the typed errors of ``ukmtool.errors``, and never
imports Rich or Typer.  Here, the domain every folder below builds on:
``folder`` (where the programme folder is, its file names), ``models`` (the
files as pydantic models), ``programme`` (the loaded folder), ``rules`` (the
completion rules), the single values (``fields``, ``money``, ``ids``,
``sizeclass``, ``thresholds``, ``certificate_numbers``, ``suggest``), and
``clock`` (today), ``idrecord`` (``ids.yaml``), ``duplicates`` and
``rollcall``.  The folders: ``yamlio`` (YAML text), ``reading`` (a folder ->
a Programme), ``files`` (changing a file safely), ``writing`` (each command's
write), ``importing`` (spreadsheets -> entries), ``reports`` (figures),
``tables`` (figures as tables), ``documents`` (what a printed document says),
``certificates``.
"""
