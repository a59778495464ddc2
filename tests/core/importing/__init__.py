"""Reading the lists offices send (``core/importing``) through ``ukm register --from``."""
