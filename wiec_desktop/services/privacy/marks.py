"""How the intern variant of a document is marked: on every page and in its file name. Its own small
module so that the command line's help text can say it without importing the redaction."""

from __future__ import annotations

INTERNAL_MARK = "Vertrouwelijk – intern"
INTERNAL_FILE_SUFFIX = "vertrouwelijk-intern"
