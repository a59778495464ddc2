"""YAML text, knowing nothing of ukm: parsing with line:column, the fast walk, emitting values."""
