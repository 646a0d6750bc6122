"""House visits per street, inventory rounds and the import of addresses."""
