"""torch's shared libraries are loaded through libc's dlopen (GIL released) before torch is imported.

Each case runs in a fresh interpreter: the test process has imported torch long ago."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries, Linux only")


def run_fresh(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_preload_maps_libtorch_before_torch_is_imported_and_torch_then_works() -> None:
    result = run_fresh(
        """
        import json, sys
        from vision import native_libraries
        def mapped():
            with open("/proc/self/maps") as maps:
                return sorted({line.rsplit("/", 1)[-1].strip() for line in maps if "libtorch" in line})
        before = mapped()
        loaded = native_libraries.preload()
        imported_by_preload = "torch" in sys.modules
        after = mapped()
        again = native_libraries.preload()
        import torch
        print(json.dumps({"before": before, "loaded": loaded, "after": after, "again": again,
                          "imported_by_preload": imported_by_preload,
                          "sum": float(torch.ones(3).sum())}))
        """
    )
    assert result["before"] == []
    assert "torch/lib/libtorch_python.so" in result["loaded"]  # type: ignore[operator]
    assert {"libtorch_python.so", "libtorch_cpu.so"} <= set(result["after"])  # type: ignore[arg-type]
    assert result["imported_by_preload"] is False  # loaded, not imported: torch's own import still runs
    assert result["again"] == []  # once per process
    assert result["sum"] == 3.0


def test_preload_does_nothing_once_torch_is_imported() -> None:
    result = run_fresh(
        """
        import json
        import torch
        from vision import native_libraries
        print(json.dumps({"loaded": native_libraries.preload()}))
        """
    )
    assert result["loaded"] == []


def test_configuring_ultralytics_preloads_first() -> None:
    """The one door to ultralytics loads the libraries before ultralytics imports torch."""
    result = run_fresh(
        """
        import json, os, tempfile
        os.environ["LARDER_HOME"] = tempfile.mkdtemp()
        from vision import native_libraries, ultralytics_env
        calls = []
        original = native_libraries.preload
        def spy():
            import sys
            calls.append("torch" in sys.modules)
            return original()
        native_libraries.preload = spy
        ultralytics_env.configure()
        print(json.dumps({"calls": calls}))
        """
    )
    assert result["calls"] == [False]
