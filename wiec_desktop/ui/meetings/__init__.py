"""The Overleggen page, the meeting dialog and a meeting's documents as export requests."""
