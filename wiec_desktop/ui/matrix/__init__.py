"""The Wie doet wat page: the who-does-what table, its upright header and the page around it."""
