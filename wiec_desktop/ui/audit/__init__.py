"""The audit log viewer (logboek): read-only, filtered, with the hash chain's state."""
