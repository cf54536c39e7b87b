"""Apple Health import: Larder against healthkit-to-sqlite and apple-health-parser on the same export.

Each tool runs in its own fresh Python process (so peak RSS is its own) on the same generated
export.zip; the script prints seconds, peak RSS and Larder's speed ratio against each peer.
Peers that are not installed (`pip install healthkit-to-sqlite apple-health-parser`) are skipped.

    python bench/bench_apple_import.py                      # generates a 365-day export
    python bench/bench_apple_import.py --days 900 --hr-per-hour 60
    python bench/bench_apple_import.py --export path/to/export.zip
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "tools" / "make_apple_health_export.py"

# Each snippet gets argv: export.zip, a scratch folder; it prints {"seconds", "rss_mb", "note"}.
_PRELUDE = """
import json, resource, sys, time
from pathlib import Path
export, scratch = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
"""
_REPORT = """
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "note": note}))
"""
TOOLS = {
    "larder": (
        None,
        """
from data.db import Database
from data.wearables import import_export
s = import_export(Database(scratch / "larder.db"), export)
note = f"{s.days} days, {s.records} records, reconciled + stored"
""",
    ),
    "larder-parse": (
        None,
        """
from data.wearables import parse_export
(p,) = parse_export(export)
note = f"parse only (no database): {len(p.daily)} day rows, {p.records} records"
""",
    ),
    "healthkit-to-sqlite": (
        "healthkit_to_sqlite",
        """
import zipfile, sqlite_utils
from healthkit_to_sqlite.utils import convert_xml_to_sqlite
zf = zipfile.ZipFile(export)
member = next(n for n in zf.namelist() if n.endswith("export.xml"))
db = sqlite_utils.Database(scratch / "hk.db")
convert_xml_to_sqlite(zf.open(member), db, zipfile=zf)
note = f"{db['rStepCount'].count} step rows stored (no per-day totals, no de-duplication)"
""",
    ),
    "apple-health-parser": (
        "apple_health_parser",
        """
from apple_health_parser.utils.parser import Parser
p = Parser(export_file=export, output_dir=scratch / "ahp", overwrite=True)
steps = p.get_flag_records("HKQuantityTypeIdentifierStepCount")
note = f"{len(steps.records)} step records as a DataFrame (extracts to disk, DOM parse)"
""",
    ),
}


def run_tool(name: str, export: Path, scratch: Path, timeout: float) -> dict[str, Any] | None:
    module, body = TOOLS[name]
    if module is not None and importlib.util.find_spec(module) is None:
        print(f"{name:22s} skipped (not installed)")
        return None
    work = scratch / name
    work.mkdir()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _PRELUDE + body + _REPORT, str(export), str(work)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        print(f"{name:22s} stopped after {timeout:.0f} s (--timeout)")
        return {
            "seconds": timeout,
            "rss_mb": float("nan"),
            "note": "stopped: at least this slow",
            "stopped": True,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        print(f"{name:22s} failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
        return None
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", type=Path, help="an existing Apple export.zip (default: generate one)")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--hr-per-hour", type=int, default=12)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a tool is stopped")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ", ".join(TOOLS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="larder-bench-") as tmp:
        scratch = Path(tmp)
        # apple-health-parser looks for <zip stem>.xml inside the archive, so the zip must be export.zip.
        export = scratch / "export.zip"
        if args.export:
            shutil.copy(args.export, export)
        else:
            if not GENERATOR.exists():
                print(f"no --export given and the generator {GENERATOR} is missing")
                return 2
            subprocess.run(
                [
                    sys.executable,
                    str(GENERATOR),
                    "--days",
                    str(args.days),
                    "--hr-per-hour",
                    str(args.hr_per_hour),
                    "--out",
                    str(export),
                    "--truth",
                    str(scratch / "truth.json"),
                ],
                check=True,
            )
        with zipfile.ZipFile(export) as z:
            xml_mb = sum(i.file_size for i in z.infolist()) / 1e6
        print(f"export: {export.stat().st_size / 1e6:.1f} MB zipped, {xml_mb:.1f} MB of XML")
        results: dict[str, dict[str, Any]] = {}
        for name in args.tools.split(","):
            r = run_tool(name.strip(), export, scratch, args.timeout)
            if r is not None:
                results[name] = r
            if r is not None and not r.get("stopped"):
                print(f"{name:22s} {r['seconds']:8.2f} s  {r['rss_mb']:8.1f} MB peak RSS  {r['note']}")
        base = results.get("larder")
        for name, r in results.items():
            if base is None or name in ("larder", "larder-parse"):
                continue
            faster = r["seconds"] / base["seconds"]
            if r.get("stopped"):
                print(f"larder vs {name}: at least {faster:.1f}x faster")
            else:
                print(
                    f"larder vs {name}: {faster:.1f}x faster, {r['rss_mb'] / base['rss_mb']:.1f}x less memory"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
