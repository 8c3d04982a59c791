"""scripts/make_screenshot.py: the README's picture is made by the real console."""

from __future__ import annotations

import asyncio
import html
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_screenshot_script_shows_a_session_in_questioning(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("shot", ROOT / "scripts/make_screenshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "docs" / "console.svg"
    asyncio.run(module.screenshot(out))
    svg = out.read_text()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    text = html.unescape(svg).replace("\xa0", " ")
    for shown in ("Questioning · Aled", "Open questions, not advice", "14:24", "Carys"):
        assert shown in text, shown
    # the checked-in picture is one this script made (same scene, same title)
    checked_in = html.unescape((ROOT / "docs" / "console.svg").read_text()).replace("\xa0", " ")
    assert "alfacil start sets.example.toml" in checked_in and "Questioning · Aled" in checked_in
