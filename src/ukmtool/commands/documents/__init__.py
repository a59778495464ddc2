"""The commands that print documents: ``certificate``, ``print`` (sheets, receipts, calls)."""
