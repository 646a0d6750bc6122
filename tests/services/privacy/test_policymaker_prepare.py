"""``services/privacy/documents.prepare``: the same copy as ``redact_tree`` (faster), enums and
references untouched, a known resident's surname alone numbered as that resident, the count per
kind for the command line without an original."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.services.actions.action_list import ActionListScope
from wiec_desktop.services.privacy.documents import (
    DocumentRedactor,
    detectors,
    keep_fields_for,
    prepare,
    summary,
)
from wiec_desktop.services.privacy.redaction import (
    Audience,
    FindingKind,
    PatternDetector,
    PrivacyContext,
    Replacement,
    redact_tree,
)
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

CONTEXT = PrivacyContext(
    residents=frozenset({"Emine Sitaldin"}),
    professionals=frozenset({"Marieke Verbeek"}),
    streets=frozenset({"Ruinenlaan"}),
)


pytestmark = pytest.mark.usefixtures("deduce_ready")


def test_prepare_makes_the_same_copy_as_redact_tree(demo_db: Database, tmp_path: Path) -> None:
    services = Services(demo_db.session_factory, lambda: DEMO_TODAY)
    context = services.privacy_context.context()
    for data in (
        services.action_list.action_list(ActionListScope.all_open()),
        services.minutes_data.minutes(1),
        services.matrix.build(),
    ):
        ours, _ = prepare(context, data)
        theirs = redact_tree(
            data, DocumentRedactor(context, detectors(context)), keep_fields=keep_fields_for(data)
        )
        assert ours == theirs


def test_enums_and_references_stay_and_the_intern_variant_is_untouched(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, lambda: DEMO_TODAY)
    data = services.action_list.action_list(ActionListScope.all_open())
    prepared, _ = prepare(services.privacy_context.context(), data)
    assert all(isinstance(row.status, ActionStatus) for row in prepared.rows)
    assert [row.reference for row in prepared.rows] == [row.reference for row in data.rows]
    assert prepare(services.privacy_context.context(), data, Audience.INTERNAL) == (data, [])


def test_a_surname_alone_is_the_same_bewoner() -> None:
    redactor = DocumentRedactor(CONTEXT, [PatternDetector(CONTEXT)])
    text = redactor.text("Emine Sitaldin belde. Mevrouw Sitaldin komt langs; Sitaldin woont Ruinenlaan 3.")
    assert text == "Bewoner 1 belde. Bewoner 1 komt langs; bewoner 1 woont Ruinenlaan."
    assert "Sitaldin" not in text and "Marieke Verbeek" not in {r.original for r in redactor.replacements}


def test_the_summary_counts_per_kind_and_never_shows_an_original() -> None:
    made = [
        Replacement("Emine Sitaldin", "bewoner 1", FindingKind.NAME, ""),
        Replacement("Piet", "bewoner 2", FindingKind.NAME, ""),
        Replacement("06-27254302", "[telefoonnummer]", FindingKind.PHONE, ""),
    ]
    assert summary(made) == "3 vervangingen: 2 namen, 1 telefoonnummer"
    assert summary([]) == "Geen vervangingen."
