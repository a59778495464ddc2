"""YAML text, knowing nothing of ukm: parsing with line:column, the fast walk, emitting values.

``libyaml`` (the one libyaml import and its fallback), ``reader`` and
``fastwalk`` (text -> values that remember where they were written,
``located``), ``layout`` (layout mistakes worded for a person), ``emit``
(new list entries in a file's own style), ``ends`` (the two ends of a long
list file), ``lines`` and ``breaks`` (lines as YAML and editors count them),
``scan`` (where each pair and list is, for edits as text).
"""
