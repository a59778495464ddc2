"""Typst at any size: the child process that compiles, the stage it reads, the parts it joins.

``render/pdf.py`` is the door every printing command uses (its docstring
holds the part protocol for templates).  Here the machinery behind it:
``child`` (ukm's side of the Typst process: jobs, waiting, Ctrl-C, the time
limit), ``worker`` (the process itself: Typst and pikepdf, nothing of ukm),
``stage`` (the temporary folder of templates, logo and parts), ``parts``
(sections compiled a part at a time, cut at full pages, joined) and
``joiner`` (the parts written into one PDF a part at a time, in the worker).
"""
