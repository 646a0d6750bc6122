"""Backups in the window: automatic (on close, once a day), Bestand › Back-up maken and
Bestand › Herstellen… with the list of backups."""
