"""The rendering layer: the only part of ukm that imports Rich or writes to the terminal.

Here the machinery every command shares: ``console`` (the consoles, text made
safe to print), ``output`` (a report to a terminal, a pipe or a file),
``errors`` (``file:line: message``), ``messages`` (short confirmations),
``prompts`` (what surrounds a question), ``progress`` (bars on stderr),
``jsonout`` (JSON on stdout) and ``pdf`` (Typst, imported only here).
``commands/`` holds each command's own output, ``formats/`` one class per
``--format``.
"""
