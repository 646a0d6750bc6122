"""The Partners page with the organisation and contact dialogs."""
