"""The xlsx workbook (``--format xlsx``), written with XlsxWriter in constant-memory mode.

``render/formats/xlsx.py`` is the format's door: it opens the workbook and
writes every table as a sheet (``sheets``), each column's values through one
writer made for its kind (``cells``: typed writes, preset number formats),
then the native charts (``charts``).  Rows go to disk as they are written,
so memory stays flat however many participants.
"""
