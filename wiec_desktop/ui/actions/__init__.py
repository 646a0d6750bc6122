"""The Acties page: the action list across all meetings and its Excel export."""
