"""What the reporting commands show, as plain values (no Rich, no printing).

``module``, ``programme``, ``records`` and ``groups`` build report values from
a :class:`~ukmtool.core.programme.Programme` with the rules of
``core/rules``, each with its JSON payload; ``documents`` and
``record_documents`` turn them into the neutral tables of ``tabular`` that
every output format in ``ukmtool.render.formats`` consumes.
"""
