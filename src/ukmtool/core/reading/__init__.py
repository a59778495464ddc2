"""A programme folder -> LoadResult: where the files are, every byte once, the cache, the checks."""
