"""The journeys of journeys.py in every engine a reader uses: Chromium, Firefox ESR and WebKitGTK (the engine of
Safari and of every browser on an iPhone), through the production web server. A journey that fails today in an
engine is marked so here, with the reason, strictly: it is noticed the moment it passes."""

from __future__ import annotations

import pytest

from ..conftest import ROOT
from .journeys import JOURNEYS, Tools

pytestmark = pytest.mark.engines
ENGINES = ("chromium", "firefox", "webkit")
KNOWN: dict[tuple[str, str], str] = {}  # (engine, journey): why it fails today (marked xfail, strictly)


@pytest.mark.parametrize("journey", JOURNEYS)
@pytest.mark.parametrize("engine", ENGINES, indirect=True)  # one browser per engine for all its journeys
def test_journey(request, browser_of, site_url, tmp_path, own_server, journey):
    if reason := KNOWN.get((browser_of.name, journey)):
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))
    shots = ROOT / "build" / "engines"
    shots.mkdir(parents=True, exist_ok=True)
    JOURNEYS[journey](browser_of, site_url, Tools(tmp_path, own_server, shots))
