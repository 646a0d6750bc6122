"""The Privacy page: personal data held, retention, erasure on request."""
