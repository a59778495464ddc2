"""The commands over several programme folders (``commands/across``): compare, history, export."""
