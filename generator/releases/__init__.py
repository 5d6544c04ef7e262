"""Versioned release notes: ordering, entries, the between-versions delta, pages, blocks and feeds.

Plain Python: the MkDocs plugin turns what the providers here return into site content.
"""
