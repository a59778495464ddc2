"""Every write: under the lock, read back before the file is replaced.

Each write loads the folder through the one guard (``LoadResult.usable``:
refuse when a file it relies on has errors), works under ``store.locked``,
and reads its new text back with the reader ``ukm check`` uses
(``yamlio.reader.parse_text``) before ``store.atomic_write`` replaces the
file.  What is checked on reading back differs by what was written, so each
writer keeps its own comparison: ``list_file`` (the entries appended, and the
last old one), ``sheet_file`` (the session's sheet, and every other sheet as
before).  ``register``, ``visit`` and ``attend`` each have their own
``Entry``/``Outcome`` types: a participant, a visit and a roll call hold
different fields and report different results, so one shared type would only
be a bag of optional fields.
"""
