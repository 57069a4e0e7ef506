"""The editors' workbench for persons: correcting a person's names, merging two persons recorded
twice, splitting a candidacy off a person it was matched to by mistake, and reverting any of these.

:mod:`.changes` holds the domain functions (they only flush), :mod:`.forms` the forms, :mod:`.routes`
the views (they commit).
"""
