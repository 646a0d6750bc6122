"""Documents from plain data: Word (``docx/``), Excel (``xlsx/``) and ``documents.py``, which
composes each document the chair sends; no Qt."""
