"""The system libraries Qt's plugins need, found with ldd over the installed PySide6, as Debian packages.

PySide6 wheels bundle Qt itself but not the X11/xcb, EGL, PulseAudio and font libraries its plugins link
against; a fresh Debian/Ubuntu machine lacks some of them (libxcb-icccm4, libxcb-keysyms1, libpulse0), and
the window then fails with "Could not load the Qt platform plugin xcb". Rather than a hand-kept list, this
script runs ldd over the plugins the window uses (xcb platform, xcb GL integrations, multimedia, image
formats, icon engines, input contexts) and the PySide6 modules desktop/ imports, and maps every library
that lies outside PySide6 to its Debian package.

The map lives in tools/qt-system-libs.tsv (soname, package), written by `write` with `dpkg -S` on a machine
that has all of them; tests/test_devsh_system_libs.py fails when a new PySide6 needs a soname the table
lacks. A soname missing from the table still gets a package by Debian's naming rule (libfoo.so.1 is in
libfoo1).

Run with the Python that has PySide6 (the clone's .venv/bin/python):
    missing-packages   packages to install so that no soname ldd needs is "not found" (one a line)
    check              sonames ldd needs that the table lacks (exit 1 if any)
    write              regenerate the table from dpkg (every soname must resolve on this machine)
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TABLE = Path(__file__).with_name("qt-system-libs.tsv")
# Plugin folders the window loads from: xcb and its GL integration, camera and audio, SVG icons and images.
PLUGIN_GLOBS = (
    "platforms/libqxcb.so",
    "platforms/libqoffscreen.so",
    "xcbglintegrations/*.so",
    "multimedia/*.so",
    "imageformats/*.so",
    "iconengines/*.so",
    "platforminputcontexts/*.so",
)
LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


def pyside_dir() -> Path:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise SystemExit("PySide6 is not installed for this Python")
    return Path(spec.origin).parent


def qt_modules_used() -> list[str]:
    """The PySide6 modules desktop/ imports (QtCore, QtMultimedia, ...), read from its sources."""
    found: set[str] = set()
    for source in (REPO / "desktop").rglob("*.py"):
        found.update(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    return sorted(found)


def qt_binaries(pyside: Path) -> list[Path]:
    plugins = pyside / "Qt" / "plugins"
    binaries = [path for pattern in PLUGIN_GLOBS for path in sorted(plugins.glob(pattern))]
    for module in qt_modules_used():
        binaries.extend(sorted(pyside.glob(f"{module}.*.so")))
    return binaries


def ldd(binary: Path) -> dict[str, str | None]:
    """soname -> resolved path, or None where ldd says "not found"."""
    out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False).stdout
    found: dict[str, str | None] = {}
    for line in out.splitlines():
        match = LDD_LINE.match(line)
        if match:
            name, target = match.groups()
            found[name] = None if target == "not found" else target
    return found


def system_sonames(pyside: Path | None = None) -> dict[str, str | None]:
    """Every library the Qt binaries need that PySide6 does not ship: soname -> path or None (missing)."""
    pyside = pyside_dir() if pyside is None else pyside
    bundled_roots = (str(pyside.resolve()), str((pyside.parent / "shiboken6").resolve()))
    bundled_names = {path.name for path in (pyside / "Qt" / "lib").glob("*.so*")}
    needed: dict[str, str | None] = {}
    for binary in qt_binaries(pyside):
        for name, target in ldd(binary).items():
            if target is not None and str(Path(target).resolve()).startswith(bundled_roots):
                continue
            if target is None and name in bundled_names:
                continue
            needed[name] = needed.get(name) or target
    return dict(sorted(needed.items()))


def read_table(path: Path = TABLE) -> dict[str, str]:
    table: dict[str, str] = {}
    if not path.exists():
        return table  # Debian's naming rule alone then
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            soname, package = line.split("\t")
            table[soname] = package
    return table


def debian_package_guess(soname: str) -> str:
    """Debian's library naming rule: libfoo.so.1 ships in libfoo1, libfoo2.so.0 in libfoo2-0."""
    base, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    base = base.lower().replace("_", "-")
    if not version:
        return base
    return f"{base}-{version}" if base[-1].isdigit() else f"{base}{version}"


def packages_for(needed: dict[str, str | None], table: dict[str, str]) -> list[str]:
    """Packages that provide the sonames ldd could not find (the table first, else Debian's rule)."""
    missing = [name for name, target in needed.items() if target is None]
    return sorted({table.get(name) or debian_package_guess(name) for name in missing})


def _usr_path(path: str) -> str:
    # Debian 12 merged /lib into /usr/lib, but dpkg records the /usr paths.
    return "/usr" + path if path.startswith(("/lib/", "/lib64/")) else path


def dpkg_owner(soname: str, path: str) -> str | None:
    for candidate in (_usr_path(path), path, str(Path(path).resolve()), f"*/{soname}"):
        proc = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if proc.returncode == 0 and proc.stdout:
            return proc.stdout.splitlines()[0].split(":")[0].split(",")[0].strip()
    return None


def dpkg_owners(resolved: dict[str, str]) -> dict[str, str]:
    """soname -> owning package for libraries present here; one dpkg call, then one per straggler."""
    wanted = {_usr_path(path): soname for soname, path in resolved.items()}
    proc = subprocess.run(["dpkg", "-S", *wanted], capture_output=True, text=True, check=False)
    owners: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        package, _, path = line.partition(": ")
        if path in wanted:
            owners[wanted[path]] = package.split(",")[0].split(":")[0].strip()
    for soname in resolved.keys() - owners.keys():
        owner = dpkg_owner(soname, resolved[soname])
        if owner:
            owners[soname] = owner
    return owners


def write_table() -> int:
    needed = system_sonames()
    old = read_table() if TABLE.exists() else {}
    owners = dpkg_owners({name: path for name, path in needed.items() if path})
    rows: dict[str, str] = {}
    for soname in needed:
        package = owners.get(soname) or old.get(soname)
        if package is None:
            where = needed[soname] or "not found"
            print(f"cannot map {soname} ({where}); install it and run again", file=sys.stderr)
            return 1
        rows[soname] = package
    header = (
        "# soname -> Debian package, for every library outside PySide6 that Qt's plugins link against.\n"
        f"# Generated by `python tools/qt_system_libs.py write` (dpkg -S) with PySide6 {importlib.metadata.version('PySide6')};\n"
        "# tests/test_devsh_system_libs.py fails when the installed PySide6 needs a soname not listed here.\n"
    )
    TABLE.write_text(header + "".join(f"{s}\t{p}\n" for s, p in rows.items()), encoding="utf-8")
    print(f"{len(rows)} sonames, {len(set(rows.values()))} packages -> {TABLE}", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "missing-packages":
        print("\n".join(packages_for(system_sonames(), read_table())))
        return 0
    if command == "check":
        lacking = sorted(set(system_sonames()) - set(read_table()))
        for soname in lacking:
            print(soname)
        return 1 if lacking else 0
    if command == "write":
        return write_table()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
