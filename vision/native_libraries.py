"""Load torch's and OpenCV's shared libraries with the GIL released, before Python imports them.

`import torch` spends ~0.4 s in `dlopen` (libtorch_cpu and libtorch_cuda run their static
constructors: operator registration), and Python's import machinery and `ctypes.CDLL` both call
`dlopen` holding the GIL. Any thread that imports torch therefore freezes every other thread, the
window's UI thread included, for a few hundred milliseconds (measured: gaps of 80-260 ms in the
event loop while a worker preloaded the detector). A call through a `ctypes.CDLL` function pointer
releases the GIL, so `dlopen` is called here through libc first: the constructors run while the UI
thread keeps going, and the later import finds the libraries already loaded (the loader returns the
same handle; nothing runs twice). With this, the same preload shows no gap over 40 ms.

Best effort: a library that is missing or fails to load is skipped, and the real import that follows
reports the real error. Only on Linux, where the libraries are ELF files with known names.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import cast

RTLD_NOW = 0x2
RTLD_GLOBAL = 0x100

# (package, file inside it, flags). torch opens libtorch_global_deps with RTLD_GLOBAL itself; the rest it
# loads as dependencies of its extension module, so local binding is what it would get anyway.
# libtorch_python pulls in libtorch, libtorch_cpu, libtorch_cuda and c10 with it.
_LIBRARIES: tuple[tuple[str, str, int], ...] = (
    ("torch", "lib/libtorch_global_deps.so", RTLD_NOW | RTLD_GLOBAL),
    ("torch", "lib/libtorch_python.so", RTLD_NOW),
    ("cv2", "cv2.abi3.so", RTLD_NOW),
    ("triton", "_C/libtriton.so", RTLD_NOW),  # torch's CUDA builds import triton too (~50 ms of dlopen)
)

_lock = threading.Lock()
_done = False


def preload() -> list[str]:
    """dlopen the heavy libraries through libc (GIL released); returns the ones loaded. Idempotent."""
    global _done
    with _lock:
        if _done or not sys.platform.startswith("linux") or _already_imported():
            _done = True
            return []
        _done = True
        dlopen = _libc_dlopen()
        if dlopen is None:
            return []
        loaded: list[str] = []
        for package, relative, flags in _LIBRARIES:
            path = _package_file(package, relative)
            if path is not None and dlopen(str(path).encode(), flags):
                loaded.append(f"{package}/{relative}")
        return loaded


def _already_imported() -> bool:
    return "torch" in sys.modules


def _libc_dlopen() -> Callable[[bytes, int], int | None] | None:
    try:
        libc = ctypes.CDLL(None)  # the process itself: libc's dlopen, called through a GIL-releasing pointer
        function = libc.dlopen
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_void_p
    function.argtypes = [ctypes.c_char_p, ctypes.c_int]
    return cast(Callable[[bytes, int], "int | None"], function)


def _package_file(package: str, relative: str) -> Path | None:
    """The file inside an installed package, found without importing the package."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / relative
        if candidate.is_file():
            return candidate
    return None
