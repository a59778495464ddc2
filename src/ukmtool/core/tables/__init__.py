"""The figures of the reports as tables: what every output format draws.

``tableset`` is the neutral form (a :class:`~ukmtool.core.tables.tableset.TableSet`:
a title and tables of columns and rows; ``Column`` says how a value is
written).  One module per report turns its figures (``core/reports``) into a
table set: ``module``, ``programme``, ``impact``, ``visits``, ``graduates``,
``records`` (``ukm show``, ``participants``, ``modules``); ``columns`` holds
what several of them share.  ``ukmtool.render.formats`` draws a table set as
a terminal table, plain text, CSV, JSON, Markdown, a workbook or a PDF.
"""
