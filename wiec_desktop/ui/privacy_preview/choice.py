"""What the chair chose in the privacy preview (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from wiec_desktop.services.privacy.redaction import Audience


@dataclass(frozen=True)
class ExportChoice:
    """The audience of the document and the password to protect it with (None: no password)."""

    audience: Audience = Audience.POLICYMAKERS
    password: str | None = None

    @property
    def internal(self) -> bool:
        return self.audience is Audience.INTERNAL
