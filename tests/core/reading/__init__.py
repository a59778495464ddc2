"""Reading a folder (``core/reading``): the fast paths, the cache, the checks, hostile files."""
