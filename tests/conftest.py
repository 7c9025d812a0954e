"""Shared fixtures: synthetic data for build tests, and one build of the shipped papers per session."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from collab_analysis.data.synthetic import write_synthetic

# Hypothesis writes no example database into the checkout (tests write only under tmp_path and build/).
settings.register_profile("collab-analysis", database=None)
settings.load_profile("collab-analysis")

#: The hand-written tables the analysis tests work their expected values out from.
ANALYSIS_DATA = Path(__file__).resolve().parent / "data" / "analysis"


@pytest.fixture
def synthetic_data(tmp_path) -> Path:
    """A small valid data set: three synthetic panels, two years."""
    return write_synthetic(tmp_path / "data", forces=3, years=2)


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory):
    """Every paper built from the shipped data, once per session: (report, out_dir, build_dir)."""
    from collab_analysis.publish.build import build_papers

    root = tmp_path_factory.mktemp("shipped")
    out_dir, build_dir = root / "reports", root / "build"
    report = build_papers(out_dir=out_dir, build_dir=build_dir)
    return report, out_dir, build_dir


@pytest.fixture(scope="session")
def t():
    """The analysis tests' small hand-written tables (tests/data/analysis), read by the real loader."""
    import collab_analysis as ca

    return ca.load(ANALYSIS_DATA)


@pytest.fixture(scope="module")
def good():
    """The loader's good fixture (tests/data/loader/good), loaded once per test module."""
    from collab_analysis.data.tables import load
    from loader_helpers import GOOD

    return load(GOOD)


@pytest.fixture(scope="session")
def real():
    """The shipped data set, loaded once."""
    import collab_analysis as ca

    return ca.load()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test: Playwright's sync API allows one per thread."""
    import a11y_checks

    with a11y_checks.launch_browser() as b:
        yield b
