"""Each command's own output: one module per command that says more than a line.

What ``attend``, ``certificate``, ``check``, ``measure``, ``register`` (and
``register_from``: what ``register --from`` read, left out and
reinterpreted), ``visit`` and the roll call (``rollcall``) show a person, and
their JSON.  The reporting commands have none: their tables go through
``render/output`` and ``render/formats``.
"""
