"""The assignments the chair works under, and the areas and themes they cover (renamed or merged,
never lost)."""
