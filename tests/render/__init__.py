"""What people and scripts read (``src/ukmtool/render``): formats, layouts, bars."""
