"""The core: models, loading, rules and writing. Never prints; never imports Rich or Typer."""
