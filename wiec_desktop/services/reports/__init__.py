"""The figures of the Overzicht and the data of the inventory and progress reports (grouped SQL,
plain data)."""
