"""What the tests share: building programme folders, running ukm, computing expected figures.

Kept apart from the tests (pre-commit's ``testing/``): ``helpers`` (folders built
inline, running ``ukm``), ``reports``, ``visits`` and ``certificates`` (folders from
Python values and the figures PRODUCT.md's rules give, computed here), ``register``
(entries, lists and reading participants back), ``attendance``, ``district_lists``,
``pdf`` (reading printed PDFs), ``terminal`` (a pseudo-terminal), ``benchgen``.
"""
