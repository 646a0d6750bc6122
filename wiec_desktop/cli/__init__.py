"""The command line (``wiec-desktop demo|list|export …``): argument parsing and one-line Dutch
errors over the same services and exports as the window; never imports Qt."""
