"""How a file is changed safely: the machinery every write goes through, knowing no command.

``store`` (the folder's lock, the atomic replace that keeps the file's mode
and refuses when someone changed the file meanwhile), ``list_file``
(appending entries to a YAML list file in its own style, read back before it
is written), ``sheet_file`` (rewriting one session of an attendance file,
every other byte kept) and ``report_file`` (where an ``--output`` file may
land, and writing it).  What each command writes, and what it checks first,
is in ``core/writing``.
"""
