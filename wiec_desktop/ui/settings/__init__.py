"""The user's preferences (settings.ini) and the Instellingen dialog."""
