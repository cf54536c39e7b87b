"""The vision subagents: one per photo (load, detect), then one that merges them into the fridge's items.

Thread safety: ultralytics' predictor is not known to be thread-safe (a YOLO object builds its
`predictor` on the first call and keeps per-call state in it; Ultralytics' thread-safe inference guide
says to create one model per thread). So each vision worker takes its own detector instance from a
pool; the scheduler never runs more photos at once than there are instances, and instances are loaded
lazily so a one-photo run loads one model. bench/orchestrator.md has the measurement behind the
default of two workers.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from agents.inventory.scanning import PhotoInfo, ScanResult, detectable_keys, scan_items
from agents.orchestrator.graph import AgentContext, AgentFn, AgentOutput, Outcome
from data.taxonomy import Taxonomy
from vision.counting import unique_photos
from vision.detections import PhotoDetections
from vision.detector import Detector, UltralyticsDetector
from vision.labels import LabelResolver
from vision.photos import load_photo
from vision.routing import load_detector


@dataclass(frozen=True)
class ModelChoice:
    path: Path | None  # None: no model available (`note` says why); photos are still read
    resolver: LabelResolver
    conf: float
    note: str = ""
    # What a scan puts around the model (calibration, the user's taught products): the same as `larder
    # scan`, so a plan's photos see what a scan of them would. None: the bare model.
    wrap: Callable[[UltralyticsDetector], Detector] | None = None


def default_workers(cores: int | None = None) -> int:
    """One detector instance per two cores, at most two: PyTorch already runs one inference on every
    core it has, so on a 2-core laptop a second instance only adds its load time and contention
    (bench/orchestrator.md: 4 photos took 0.66-0.97 s with one instance, 0.98-1.46 s with two)."""
    n = cores if cores is not None else (os.cpu_count() or 1)
    return max(1, min(2, n // 2))


class DetectorPool:
    """Up to `size` detector instances of one model, each used by one thread at a time."""

    def __init__(self, choice: ModelChoice, size: int) -> None:
        self.choice = choice
        self.size = max(1, size)
        self._free: queue.Queue[Detector] = queue.Queue()
        self._made = 0
        self._lock = threading.Lock()
        self.loaded = 0
        # Any loaded instance, for its name and labels (plain attributes, safe to read while another
        # thread predicts with it): the merge must not wait for an instance a timed-out photo holds.
        self.first: Detector | None = None

    @contextmanager
    def acquire(self) -> Iterator[Detector | None]:
        if self.choice.path is None:
            yield None
            return
        detector = self._take()
        try:
            yield detector
        finally:
            self._free.put(detector)

    def _take(self) -> Detector:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            make = self._made < self.size
            if make:
                self._made += 1
        if not make:
            return self._free.get()
        assert self.choice.path is not None
        base = load_detector(self.choice.path, self.choice.resolver)  # a personal model with its base
        detector: Detector = self.choice.wrap(base) if self.choice.wrap is not None else base
        with self._lock:
            self.loaded += 1
            self.first = self.first or detector
        return detector


def photo_agent(path: str, pool: DetectorPool) -> AgentFn:
    """One photo: decode it (a corrupt file fails this agent only), then detect with a pooled model."""

    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        ctx.check()
        photo = load_photo(path)
        info = PhotoInfo(str(photo.path), photo.sha256, photo.width, photo.height, photo.taken_at)
        with pool.acquire() as detector:
            ctx.check()
            if detector is None:
                found = PhotoDetections(photo.path, photo.sha256, photo.width, photo.height, (), 0.0)
            else:
                found = detector.detect([photo], conf=pool.choice.conf, cancel=ctx.cancel)[0]
        del photo
        kept = [d for d in found.detections if not d.ignored and d.confidence >= pool.choice.conf]
        labels: dict[str, int] = {}
        for d in kept:
            labels[d.ingredient or d.label] = labels.get(d.ingredient or d.label, 0) + 1
        top = ", ".join(f"{n} {k}" for k, n in sorted(labels.items(), key=lambda kv: -kv[1])[:4])
        summary = (
            f"{os.path.basename(path)}: {len(kept)} detections{' (' + top + ')' if top else ''} "
            f"in {found.ms:.0f} ms"
            if pool.choice.path is not None
            else f"{os.path.basename(path)}: read; no detector ({pool.choice.note})"
        )
        return AgentOutput((info, found), summary)

    return run


def merge_agent(photo_nodes: tuple[str, ...], pool: DetectorPool, taxonomy: Taxonomy) -> AgentFn:
    """All photos of one fridge into its items: counts add up across photos (each shows another part
    of the fridge), the same photo given twice counts once, a photo that failed is left out and the
    scan is then saved as partial, so what that photo would have shown is not marked used up."""

    def run(ctx: AgentContext, deps: Mapping[str, Outcome]) -> AgentOutput:
        ctx.check()
        infos: list[PhotoInfo] = []
        found: list[PhotoDetections] = []
        problems: list[str] = []
        for name in photo_nodes:
            outcome = deps[name]
            if outcome.ok:
                info, detections = outcome.value
                infos.append(info)
                found.append(detections)
            else:
                problems.append(f"{outcome.lane}: {outcome.status}: {outcome.summary}")
        if not found:
            return AgentOutput(None, "no photo could be read: the stored inventory is used", tuple(problems))
        result = merge_scan(infos, found, pool, taxonomy)
        twice = len(found) - len(unique_photos(found))
        several = [i.name for i in result.items if i.photos > 1]
        parts = [f"{len(found)} of {len(photo_nodes)} photos: {len(result.items)} items"]
        if several:
            parts.append(
                f"{', '.join(several[:3])} seen in several photos, counted in each (different shelves)"
            )
        if twice:
            parts.append(f"{twice} photo(s) given twice, counted once")
        if problems:
            parts.append(f"{len(problems)} photo(s) failed, so nothing else is marked used up")
        if not result.model:
            parts.append(result.note or "no detector")
        return AgentOutput(result, "; ".join(parts), tuple(problems))

    return run


def merge_scan(
    infos: list[PhotoInfo], found: list[PhotoDetections], pool: DetectorPool, taxonomy: Taxonomy
) -> ScanResult:
    """scan_photos' result over detections that were made photo by photo on several threads."""
    conf = pool.choice.conf
    detectable: frozenset[str] = frozenset()
    model = ""
    if pool.first is not None:
        detectable = detectable_keys(pool.first, pool.choice.resolver.resolve)
        model = pool.first.name
    return ScanResult(
        model=model,
        conf=conf,
        items=scan_items(found, conf, taxonomy),
        photos=tuple(found),
        photo_info=tuple(infos),
        detectable=detectable,
        note=pool.choice.note,
    )
