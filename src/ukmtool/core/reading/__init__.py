"""A programme folder -> a LoadResult: every file read once, the cache, the models, the checks.

``loader.load`` reads every file's bytes once (``snapshot``), returns the
cached result for the same bytes (``cache``, ``cachecodec``) or parses each
file (``core/yamlio``), validates it (``core/models``; ``fastpath`` for the
long lists), runs every check of ``checks.CHECKS`` and returns the
``Programme`` with every problem as a ``Diagnostic``.  Reading never writes.
"""
