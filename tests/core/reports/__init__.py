"""The figures (``core/reports``, ``core/rules``) against PRODUCT.md's rules, computed here."""
