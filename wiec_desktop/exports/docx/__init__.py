"""The Word documents: one writer and the templates, and the minutes, agenda, inventory and progress
reports built on them."""
