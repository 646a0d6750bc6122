"""The use cases the window and the command line call, one folder per feature, wired together by
``registry.Services``; no Qt, errors translated once in ``base``."""
