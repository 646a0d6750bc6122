"""The Overzicht page: figures that need attention and charts on the real data."""
