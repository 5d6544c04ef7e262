"""Help-center generator: content model, validation, indexing, manifest, and a thin MkDocs adapter.

Nothing outside ``generator.mkdocs_plugin`` and ``generator.cli.build`` imports MkDocs, so moving to
another static-site engine means writing a new adapter, not a new generator.
"""

__version__ = "0.1.0"
