"""The core (``src/ukmtool/core``), module by module and folder by folder."""
