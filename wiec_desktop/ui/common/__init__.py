"""What the pages and dialogs share: the application context, background work, exports, error
messages, forms, SQL-backed list pages and models, tables."""
