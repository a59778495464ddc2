"""ukm: keep an SME (UKM) training programme in plain YAML and report on it."""

__version__ = "0.1.0"
