"""The MkDocs adapter: the only place the generator touches MkDocs."""
