"""Each command end to end (``src/ukmtool/commands``): its options, output and refusals."""
