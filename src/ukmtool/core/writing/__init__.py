"""Every write: under the lock, read back before the file is replaced."""
