"""The system libraries dev.sh installs for Qt come from ldd over the installed PySide6, and stay complete.

tools/qt-system-libs.tsv maps each soname Qt's plugins link against (outside PySide6) to its Debian
package. When a new PySide6 needs a library the table lacks, the first test fails: regenerate the table
with `python tools/qt_system_libs.py write` on a machine that has the library.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import qt_system_libs  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("ldd") is None, reason="ldd (glibc) is needed to read Qt's links"
)


@pytest.fixture(scope="module")
def needed() -> dict[str, str | None]:
    return qt_system_libs.system_sonames()


def test_table_covers_every_library_the_installed_qt_plugins_need(needed: dict[str, str | None]) -> None:
    lacking = sorted(set(needed) - set(qt_system_libs.read_table()))
    assert lacking == [], f"run `python tools/qt_system_libs.py write` where these resolve: {lacking}"


def test_the_scan_reads_the_xcb_multimedia_and_module_binaries(needed: dict[str, str | None]) -> None:
    # Guards the first test: an empty scan (a moved plugin folder) would make it pass with nothing checked.
    names = {path.name for path in qt_system_libs.qt_binaries(qt_system_libs.pyside_dir())}
    assert "libqxcb.so" in names
    assert any(name.startswith("libffmpegmediaplugin") for name in names)
    assert any(name.startswith("QtMultimedia.") for name in names)
    assert {"libxcb.so.1", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libpulse.so.0"} <= set(needed)
    assert not [name for name in needed if name.startswith("libQt6")], "Qt's own libraries are bundled"


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg knows which package owns a file")
def test_table_agrees_with_dpkg_for_the_libraries_installed_here(needed: dict[str, str | None]) -> None:
    table = qt_system_libs.read_table()
    owners = qt_system_libs.dpkg_owners({name: path for name, path in needed.items() if path})
    assert owners, "dpkg owns none of Qt's system libraries?"
    assert {name: owner for name, owner in owners.items() if table.get(name) != owner} == {}


def test_missing_sonames_map_through_the_table_then_debians_naming_rule() -> None:
    table = {"libxcb-icccm.so.4": "libxcb-icccm4", "libGLX.so.0": "libglx0", "libbz2.so.1": "libbz2-1.0"}
    needed = {
        "libxcb-icccm.so.4": None,
        "libbz2.so.1": None,
        "libGLX.so.0": "/usr/lib/x86_64-linux-gnu/libGLX.so.0",  # present: nothing to install
        "libnew-thing.so.3": None,
        "libfoo2.so.0": None,
    }
    assert qt_system_libs.packages_for(needed, table) == [
        "libbz2-1.0",
        "libfoo2-0",
        "libnew-thing3",
        "libxcb-icccm4",
    ]
