"""The Opdracht menu's dialogs: the assignments, and the areas and themes."""
