"""The report e-mail: the chair's mail settings and keyring password, the message and its draft, and
sending over SMTP."""
