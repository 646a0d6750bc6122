"""Privacy by default (AVG): what personal data leaves in documents (redaction), how long it is
kept (retention), erasing one resident, and the figures a privacy officer asks for."""
