"""WIEC Desktop: the independent chair's case database, meeting assistant and report writer."""

__version__ = "0.1.0"
APP_NAME = "WIEC Desktop"
