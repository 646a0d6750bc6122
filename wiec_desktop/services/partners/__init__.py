"""Partner organisations and their contact persons, and the who-does-what matrix of cases ×
organisations."""
