"""The safe-write machinery (``core/files``): the store, appending to a list file in its
own style, rewriting one session of an attendance file."""
