"""The lookup tables of the de-identification library ``deduce``: where they are kept, whether they
are ready, and building them once (about 90 s), ahead of any export.

``deduce`` builds its tables (tries of Dutch first names, surnames, streets, places) on first use
and pickles them; by default inside its own installed package, which a read-only or frozen install
cannot write. Here the tables live in a cache folder of our own, resolved in this order:

1. the environment variable ``WIEC_PRIVACY_CACHE`` (tests, portable installs) — the only place then;
2. ``resources/privacy-cache`` next to the program, used only when it already holds a built cache
   (a frozen install ships one; it is never written to at run time);
3. the user cache folder (``platformdirs.user_cache_dir("wiec-desktop")``).

Inside the folder each deduce version (and way of building, ``_RECIPE``) has its own sub-folder,
so an upgrade builds afresh. The cache is a pickle: it is only read from these folders, which are
the program's own or the user's.

``prepare()`` is idempotent and thread-safe: one build at a time, a second caller waits for it and
then finds the tables loaded. ``model()`` never builds: it loads a built cache (about 3 s; it
waits for a load already running) or raises ``LookupNotReady`` at once while a build runs. When
the cache cannot be written (read-only folder, full disk) the built tables are still used for
this run and the failure is logged without any personal data.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from wiec_desktop.services.validation import ValidationError
from wiec_desktop.translation import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

CACHE_ENV = "WIEC_PRIVACY_CACHE"
PROGRAM_CACHE_FOLDER = "privacy-cache"
_CACHE_FILE = ("cache", "lookup_structs.pickle")  # deduce's own layout below its cache_path
_POLL = 0.1  # seconds between looks at a preparation that holds the lock

_RECIPE = "wiec1"  # raise when _build changes what it builds: every cache is then built afresh
Progress = Callable[[int, int], None]

NOT_READY_MESSAGE = QT_TRANSLATE_NOOP(
    "Privacy",
    "De privacyfilter wordt nog voorbereid (eenmalig, ongeveer anderhalve minuut). Probeer het zo nog eens.",
)


class LookupNotReady(ValidationError):
    """The de-identification tables are not built yet (or are being built): try again shortly.
    ``done``/``total`` tell how far a running preparation is (0/0 when none is running)."""

    def __init__(self, done: int = 0, total: int = 0) -> None:
        percent = f" ({100 * done // total}%)" if total else ""
        super().__init__({"privacy": NOT_READY_MESSAGE.replace(" (eenmalig", f"{percent} (eenmalig", 1)})
        self.done = done
        self.total = total


def deduce_version() -> str:
    """The installed deduce version (without importing deduce, which is slow and sets up logging)."""
    from importlib.metadata import version

    return version("deduce")


def _program_folder() -> Path | None:
    """``resources/privacy-cache`` next to the program, when the program has a resources folder."""
    try:
        from wiec_desktop.resources import resources_root

        return resources_root() / PROGRAM_CACHE_FOLDER
    except FileNotFoundError:
        return None


def user_folder() -> Path:
    return Path(user_cache_dir("wiec-desktop")) / "privacy"


def _versioned(folder: Path) -> Path:
    """The sub-folder of one deduce version and of this program's way of building (``_build``)."""
    return folder / f"deduce-{deduce_version()}-{_RECIPE}"


def _cache_file(folder: Path) -> Path:
    return _versioned(folder).joinpath(*_CACHE_FILE)


def candidate_folders() -> list[Path]:
    """The cache folders in the order they are looked in (see the module docstring)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return [Path(override).expanduser()]
    program = _program_folder()
    return [*([program] if program is not None else []), user_folder()]


def built_caches() -> list[Path]:
    """The cache files there are, in the order of ``candidate_folders``."""
    found = []
    for folder in candidate_folders():
        path = _cache_file(folder)
        try:
            if path.is_file() and path.stat().st_size > 0:
                found.append(path)
        except OSError:
            continue
    return found


def built_cache() -> Path | None:
    """The cache file that is tried first, else ``None``."""
    caches = built_caches()
    return caches[0] if caches else None


def write_folder() -> Path:
    """Where ``prepare`` writes a new cache: the override, else the user cache folder (the program
    folder is only ever read)."""
    override = os.environ.get(CACHE_ENV)
    return Path(override).expanduser() if override else user_folder()


class _State:
    """The one loaded model of this process and the progress of a running preparation."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # held while loading or building
        self.model: Any = None
        self.done = 0
        self.total = 0
        self.running = False


_state = _State()


def ready() -> bool:
    """Whether the tables can be used without building: loaded already, or a built cache exists."""
    return _state.model is not None or built_cache() is not None


def preparing() -> tuple[int, int] | None:
    """``(done, total)`` of a preparation running now, else ``None``."""
    return (_state.done, _state.total) if _state.running else None


def model(wait: float = 0.0) -> Any:
    """The loaded ``deduce.Deduce``. Never builds: loads a built cache when needed (about 3 s; a
    load already running is waited for) and raises ``LookupNotReady`` when there is no cache, or
    when a build is running and has not finished within ``wait`` seconds."""
    deadline = time.monotonic() + max(wait, 0.0)
    while _state.model is None:
        if _state.running and time.monotonic() >= deadline:
            raise LookupNotReady(_state.done, _state.total)
        if not _state.lock.acquire(timeout=_POLL):
            continue  # a load (wait for it) or a build (wait until the deadline) holds the lock
        try:
            if _state.model is None:
                loaded = _load_first()
                if loaded is None:
                    raise LookupNotReady()
                _state.model = loaded
        finally:
            _state.lock.release()
    return _state.model


def prepare(progress: Progress | None = None) -> None:
    """Make the tables ready: load a built cache, or build one (about 90 s) and save it. Safe to
    call from any thread and more than once; a call while another runs waits for it."""
    if _state.model is not None:
        _report(progress, 1, 1)
        return
    with _state.lock:
        if _state.model is not None:
            _report(progress, 1, 1)
            return
        loaded = _load_first()
        if loaded is not None:
            _state.model = loaded
            _report(progress, 1, 1)
            return
        _state.running = True
        try:
            _state.model = _build(progress)
        finally:
            _state.running = False


def _report(progress: Progress | None, done: int, total: int) -> None:
    _state.done, _state.total = done, total
    if progress is not None:
        progress(done, total)


def _import_deduce() -> Any:
    """``import deduce`` without its ``logging.basicConfig(DEBUG, stdout)`` taking over the root
    logger of a program that has not configured logging (yet)."""
    root = logging.getLogger()
    placeholder = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(placeholder)
    try:
        import deduce
    finally:
        if added:
            root.removeHandler(placeholder)
    return deduce


def _load_first() -> Any:
    """The model from the first cache that loads (a damaged one is passed over), else ``None``."""
    for path in built_caches():
        loaded = _load(path.parent.parent)
        if loaded is not None:
            return loaded
    return None


def _load(versioned: Path) -> Any:
    """A ``Deduce`` from the cache below ``versioned``, or ``None`` when that cache is unusable
    (another version, damaged). The collector is paused while unpickling (3 s instead of 8) and the
    tables are frozen out of later collections afterwards (millions of objects that never change)."""
    deduce = _import_deduce()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with open(versioned.joinpath(*_CACHE_FILE), "rb") as file:
            cache = pickle.load(file)
        structs = cache["lookup_structs"] if cache.get("deduce_version") == deduce.__version__ else None
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
    ) as error:
        log.warning("Privacyfilter-cache onbruikbaar (%s): wordt opnieuw gebouwd.", type(error).__name__)
        return None
    finally:
        if was_enabled:
            gc.enable()
    if structs is None:
        return None
    built = _with_structs(deduce, versioned, structs)
    gc.freeze()
    return built


def _with_structs(deduce: Any, versioned: Path, structs: Any) -> Any:
    """A ``Deduce`` whose lookup tables are ``structs`` (so its constructor neither loads nor builds)."""
    module = deduce.deduce
    original = module.get_lookup_structs
    module.get_lookup_structs = lambda **_: structs  # only ever swapped under _state.lock
    try:
        return deduce.Deduce(cache_path=versioned)
    finally:
        module.get_lookup_structs = original


def _build(progress: Progress | None) -> Any:
    """Build the tables step by step (for the progress), save them if possible, return the model.

    The steps are deduce's own (``get_lookup_structs``), except that the institutions' lists are
    left empty: their processors are always switched off here (free_text_rules.DISABLED), and
    they cost a quarter of the build. The collector is paused meanwhile (millions of new objects,
    no cycles among them worth collecting)."""
    deduce = _import_deduce()
    from deduce import lookup_structs as ls
    from docdeid.ds import DsCollection, LookupSet, LookupTrie

    lookup_path = deduce.deduce._LOOKUP_LIST_PATH
    versioned = _versioned(write_folder())
    lists = [name for name in ls.all_lists if not name.startswith(_SKIPPED_LISTS)]
    set_loaders = dict(ls._LOOKUP_SET_LOADERS)
    trie_loaders = {k: v for k, v in ls._LOOKUP_TRIE_LOADERS.items() if k not in _SKIPPED_TRIES}
    steps = [*lists, *set_loaders, *(f"trie:{name}" for name in trie_loaders), "save"]
    total = sum(_WEIGHTS.get(step, 1) for step in steps)
    done = 0

    def step_done(step: str) -> None:
        nonlocal done
        done += _WEIGHTS.get(step, 1)
        _report(progress, min(done, total - 1), total)

    _report(progress, 0, total)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        tokenizer = deduce.Deduce._initialize_tokenizer(lookup_path)
        items: dict[str, set[str]] = {}
        for name in lists:
            items.update(ls.load_raw_itemsets(base_path=lookup_path, subdirs=[name]))
            step_done(name)
        structs = DsCollection()
        for name in set(items) - set(set_loaders) - set(trie_loaders):
            lookup = LookupSet()
            lookup.add_items_from_iterable(items[name])
            structs[name] = lookup
        for name in _SKIPPED_SETS:
            structs[name] = LookupSet()
        for name, load_set in set_loaders.items():
            structs[name] = load_set(items)
            step_done(name)
        for name in _SKIPPED_TRIES:
            structs[name] = LookupTrie()
        for name, load_trie in trie_loaders.items():
            structs[name] = load_trie(items, tokenizer)
            step_done(f"trie:{name}")
        _save(structs, versioned, deduce.__version__)
        built = _with_structs(deduce, versioned, structs)
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    _report(progress, total, total)
    return built


# What the build leaves empty (see ``_build``), and how long each step takes relative to a small one
# (measured here: the streets' list and trie and the saving are nearly all of the time).
_SKIPPED_LISTS = ("institutions/",)
_SKIPPED_SETS = ("hospital_abbr",)
_SKIPPED_TRIES = frozenset({"hospital", "healthcare_institution"})
_WEIGHTS = {"locations/lst_street": 60, "trie:street": 35, "save": 6}


def _save(structs: Any, versioned: Path, version: str) -> None:
    """Pickle the tables atomically (a half-written cache is never loaded); a folder that cannot be
    written only costs the next start another build."""
    target = versioned.joinpath(*_CACHE_FILE)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_partials(target.parent)
        with open(partial, "wb") as file:
            pickle.dump(
                {"deduce_version": version, "saved_datetime": str(datetime.now()), "lookup_structs": structs},
                file,
            )
        os.replace(partial, target)
    except OSError as error:
        log.warning("De privacyfilter-cache kon niet worden bewaard (%s).", type(error).__name__)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _remove_stale_partials(folder: Path, older_than: float = 3600.0) -> None:
    """Half-written caches of a build that was cut short (the program closed meanwhile)."""
    for stale in folder.glob("*.partial"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > older_than:
                stale.unlink()


__all__ = [
    "CACHE_ENV",
    "NOT_READY_MESSAGE",
    "LookupNotReady",
    "built_cache",
    "built_caches",
    "candidate_folders",
    "model",
    "prepare",
    "preparing",
    "ready",
    "write_folder",
]
