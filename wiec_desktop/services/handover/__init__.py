"""The handover package for a successor chair (issue 13): one encrypted file with the database, the
templates and the settings that belong to the assignment, and a one-page summary. No Qt."""

from wiec_desktop.services.handover.archive import (
    SUFFIX,
    HandoverError,
    HandoverIncomplete,
    HandoverUnreadable,
    NotAHandover,
)
from wiec_desktop.services.handover.package import (
    MadePackage,
    ReceivedPackage,
    make_package,
    open_package,
    package_target,
    summary_path,
)
from wiec_desktop.services.handover.settings import HandoverSettings

__all__ = [
    "SUFFIX",
    "HandoverError",
    "HandoverIncomplete",
    "HandoverSettings",
    "HandoverUnreadable",
    "MadePackage",
    "NotAHandover",
    "ReceivedPackage",
    "make_package",
    "open_package",
    "package_target",
    "summary_path",
]
