"""The writes of the commands: what each one checks, and what it writes.

One module per command that changes the folder: ``register``, ``attend``,
``visit``, ``measure``, ``init`` and ``carry`` (a programme started like an
earlier one), with ``entries`` for what the writes that take entries share
(where an entry came from, what is wrong with one), ``participant`` for a
participant's fields as ``register`` and ``edit`` check them, and
``numbering`` for the ids a registration gives (``ids.yaml``).  Each loads the folder
through the one guard (``LoadResult.usable``: refuse when a file it relies on
has errors), works under ``files.store.locked``, and hands its new text to the
machinery of ``core/files``, which reads it back with the reader ``ukm
check`` uses before the file is replaced.  ``register``, ``visit`` and
``attend`` each have their own ``Entry``/``Outcome`` types: a participant, a
visit and a roll call hold different fields and report different results, so
one shared type would only be a bag of optional fields.
"""
