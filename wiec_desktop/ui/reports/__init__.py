"""The Rapportages page: held meetings' documents, the periodic reports, and sending the report
e-mail."""
