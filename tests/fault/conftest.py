"""Fixtures of the fault harness: the number of kills, one seed per run, and the summary table.

``--kills N`` (default 8, registered in tests/conftest.py) is per scenario: 4 scenarios make 32
kills in CI. The seed is printed in the summary; ``--fault-seed SEED`` or ``WIEC_FAULT_SEED=SEED``
replays the same kill moments (each scenario draws from its own generator, so one scenario run
alone gets the same moments as in the full run).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fault.harness import TABLE_HEAD, Figures

SEED_ENV = "WIEC_FAULT_SEED"
SEED_KEY = pytest.StashKey[int]()
FIGURES_KEY = pytest.StashKey[list[Figures]]()
HERE = Path(__file__).resolve().parent


def session_seed(config: pytest.Config) -> int:
    """The run's seed: from --fault-seed, else WIEC_FAULT_SEED, else a new random one."""
    if SEED_KEY not in config.stash:
        chosen = config.getoption("--fault-seed")
        if chosen is None and os.environ.get(SEED_ENV):
            chosen = int(os.environ[SEED_ENV])
        config.stash[SEED_KEY] = chosen if chosen is not None else random.SystemRandom().randrange(2**31)
    return config.stash[SEED_KEY]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The harness's tests are slow, and their timeout grows with --kills."""
    kills = config.getoption("--kills")
    for item in items:
        if HERE in item.path.parents and item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.timeout(max(300, 120 + 30 * kills)))


@pytest.fixture
def kills(request: pytest.FixtureRequest) -> int:
    """How many times each scenario kills its child."""
    count = request.config.getoption("--kills")
    if count < 1:
        raise pytest.UsageError("--kills needs at least 1")
    return count


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Callable[[str], Figures]]:
    """Make the figures of a scenario (with its own seeded generator); they go into
    the summary table, and their row is printed at the end of the test (visible with -s)."""
    made: list[tuple[Figures, float]] = []

    def make(scenario: str) -> Figures:
        seed = session_seed(request.config)
        figures = Figures(scenario, seed)
        request.config.stash.setdefault(FIGURES_KEY, []).append(figures)
        made.append((figures, time.monotonic()))
        print(f"\n{scenario}: seed {seed}")
        return figures

    yield make
    for figures, started in made:
        figures.seconds = time.monotonic() - started
        request.node.user_properties.append(("fault_figures", figures.row()))  # in --junitxml
        print("\n".join([*TABLE_HEAD, figures.row()]))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The table of every scenario that ran, to copy into the closing note."""
    done = config.stash.get(FIGURES_KEY, [])
    if not done:
        return
    terminalreporter.write_sep("-", "fault harness: SIGKILL at random moments")
    terminalreporter.write_line(
        f"seed {session_seed(config)} (replay: --fault-seed {session_seed(config)} or {SEED_ENV}); "
        f"kills per scenario {config.getoption('--kills')}; "
        f"in all {sum(f.kills for f in done)} kills, {sum(len(f.failures) for f in done)} failures"
    )
    for line in (*TABLE_HEAD, *(f.row() for f in done)):
        terminalreporter.write_line(line)
