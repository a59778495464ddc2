"""What printed documents say (``core/documents``): the report and certificate PDFs."""
