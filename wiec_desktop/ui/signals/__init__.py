"""The Signalen & inventarisatie page: the inbox of untriaged signals and their triage (link, new
case, close), beside the house visits and the list of all signals."""

from wiec_desktop.ui.signals.inbox import SignalInbox

__all__ = ["SignalInbox"]
