"""Validation before writing: Dutch messages per field, raised together as one error."""

from __future__ import annotations

import re
from collections.abc import Mapping

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
PHONE_RE = re.compile(r"^[0-9+()\-\s]{6,20}$")
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")


class ValidationError(Exception):
    """Input the user must correct: ``errors`` maps a field name to a Dutch message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class NotFound(Exception):
    """The record no longer exists (deleted elsewhere)."""

    def __init__(self, what: str, record_id: int) -> None:
        super().__init__(f"{what} {record_id} bestaat niet (meer).")


class InUse(Exception):
    """A record that is still referenced and cannot be deleted; ``uses`` says where."""

    def __init__(self, message: str, uses: list[str]) -> None:
        super().__init__(message)
        self.uses = uses


class Checker:
    """Collects field errors, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def required(self, field: str, value: str | None, label: str) -> str:
        cleaned = (value or "").strip()
        if not cleaned:
            self.errors.setdefault(field, f"{label} is verplicht.")
        return cleaned

    def max_length(self, field: str, value: str, limit: int, label: str) -> None:
        if len(value) > limit:
            self.errors.setdefault(field, f"{label} mag hoogstens {limit} tekens lang zijn.")

    def email(self, field: str, value: str | None) -> str:
        cleaned = (value or "").strip()
        if cleaned and not EMAIL_RE.match(cleaned):
            self.errors.setdefault(field, "Dit is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl).")
        return cleaned

    def phone(self, field: str, value: str | None) -> str:
        cleaned = (value or "").strip()
        if cleaned and not PHONE_RE.match(cleaned):
            self.errors.setdefault(
                field, "Een telefoonnummer bevat alleen cijfers, spaties, +, - en haakjes."
            )
        return cleaned

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def normalise_postcode(value: str) -> str | None:
    """``1234ab`` → ``1234 AB``; ``None`` when it is not a Dutch postcode."""
    cleaned = value.strip().upper()
    if not POSTCODE_RE.match(cleaned):
        return None
    digits, letters = cleaned[:4], cleaned[-2:]
    return f"{digits} {letters}"
