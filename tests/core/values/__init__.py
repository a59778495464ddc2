"""The readers of ``core/values``: each on its own, and through every way a value comes in."""
