"""The few style rules of the main window (sizes and accents; colours come from the palette)."""

STYLE_SHEET = """
QListWidget#sidebar {
    border: none;
    font-size: 11pt;
    padding-top: 8px;
    outline: none;
}
QListWidget#sidebar::item { padding: 9px 14px; }
QLabel#pageTitle { font-size: 16pt; font-weight: bold; }
QLabel#sectionTitle { font-size: 12pt; font-weight: bold; }
QLabel#pageSubtitle { color: palette(dark); }
QLabel#countLabel { color: palette(dark); }
QFrame#card {
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
}
QLabel#cardCaption { color: palette(dark); }
QLabel#cardValue { font-size: 18pt; font-weight: bold; }
QLabel#cardNote[warning="true"] { color: #b42318; font-weight: bold; }
QToolButton:checked { font-weight: bold; }
"""
