"""The main window and what starts it: the sections, the exception hook, logging, the smoke check."""
