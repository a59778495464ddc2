"""What the reporting commands compute, as plain values (no Rich, no printing).

``module``, ``programme``, ``records``, ``groups``, ``visits``, ``impact`` and
``graduates`` build report values from a
:class:`~ukmtool.core.programme.Programme` with the rules of ``core/rules``,
each with its JSON payload; ``filters`` chooses the participants
(``--district``, ``--status`` ...), ``figures`` holds the values figures are
made of (a ratio that knows what it divides by, a session missed).
``core/tables`` turns these values into the tables every output format draws.
"""
