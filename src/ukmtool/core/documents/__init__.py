"""What printed documents say, as JSON-able payloads for the templates.

Each module builds the data of one kind of document from a loaded programme:
``letterhead`` (the part every document shares: the kop surat, the
signatories, the language), ``sheet`` (the sign-in sheet of a session),
``report`` (the printed reports).  ``ukmtool.render.pdf`` compiles a
template with such a payload into a PDF; the core never touches Typst.
"""
