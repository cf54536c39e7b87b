"""Files Larder ships with: the bundled detector model and its card, the window's line icons, and the
few labelled validation photos that guard `larder learn`.

A package (not only a folder) so that a wheel carries it as package data and code finds it the same way
in a checkout, an editable install and an installed wheel: `Path(assets.__file__).parent`.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
MODELS = ROOT / "models"
ICONS = ROOT / "icons"
# Validation photos `larder learn` checks a personal model against (vision/bundled/guard_set.py).
GUARD = ROOT / "guard"
