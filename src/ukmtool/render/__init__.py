"""The rendering layer: the only part of ukm that imports Rich or writes to the terminal."""
