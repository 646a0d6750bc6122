"""Signals from the neighbourhood: recording them, the inbox and triage, and the cases suggested for
a signal."""
