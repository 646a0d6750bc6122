"""Meetings: planning and the agenda, running a meeting, its series, the data of its minutes and
agenda, and its calendar invitation."""
