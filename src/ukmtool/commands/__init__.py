"""One module per ``ukm`` command: argument parsing and wiring only."""
