"""Search everywhere (issue 14): one query over cases, minutes, decisions, actions, signals,
house-visit notes, organisations, contacts and meetings."""
