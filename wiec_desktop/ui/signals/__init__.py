"""The signals inbox: untriaged signals and their triage (link, new case, close)."""

from wiec_desktop.ui.signals.inbox import SignalInbox

__all__ = ["SignalInbox"]
