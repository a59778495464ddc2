"""The checks that need more than one file: each returns Diagnostics."""
