"""One module per ``ukm`` command: its options, and the wiring from them to the core and render.

A command parses its arguments (Typer), finds and loads the folder through
``common``, calls the core for values and hands them to ``ukmtool.render``;
it holds no domain logic.  ``common`` holds what every command shares: the
folder, the output options, asking a person; ``desk`` registering one business
at the desk (what ``ukm register`` asks for); ``across/`` the commands over
several programme folders (compare, history, export).  Only light modules are
imported at the top of a command module (``ukm --help`` is measured).
"""
