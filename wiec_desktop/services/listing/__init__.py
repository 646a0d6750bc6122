"""The lists of the main window's pages as SQL specs with paging, sorting and search, the detail-
pane summaries and the small pick lists."""
