"""Atom feeds of newly recorded and changed results: all of them, an organisation's, a State's."""
