"""The Excel workbooks: one safe-cell writer, the action list and the who-does-what matrix."""
