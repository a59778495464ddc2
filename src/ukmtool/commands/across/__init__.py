"""The commands over several programme folders: ``compare``, ``history``, ``export``."""
