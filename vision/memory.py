"""Appearance memory: the user's taught products, found again on new photos without retraining.

Recognising the same product's packaging again is an instance-recognition problem, which a detector
trained on a few photos does badly. Local features do it well: each taught crop keeps its SIFT
keypoints and descriptors; a new photo's descriptors are matched against all of them at once (ratio
test), and a product counts as found only where a homography fitted with RANSAC explains enough of
the matches. The projected outline of the taught crop is the box, so this also finds products the
detector missed. Storage is one `.npz` per taught crop plus `index.json` in a folder of Larder's home.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

CROP_SIDE = 320  # taught crops are resized so their longer side is this (small crops have few features)
PHOTO_SIDE = 480  # photos are searched at this size at most: SIFT at 640 px costs 5x as much as at 400
# A phone photo (3000-4000 px) searched at 480 px leaves a product a tenth of it wide ~50 px: too few
# features, nothing found (bench/bench_vision_memory.py --phone: recall 0.00). So on a photo over
# REGIONS_FROM x PHOTO_SIDE, the boxes the detector put there (down to a faint 0.05) are searched again at
# their own resolution: the largest MAX_REGIONS distinct ones, grown by REGION_MARGIN, at REGION_SIDE.
REGIONS_FROM = 2.0
REGIONS_CONF = 0.05  # the faintest model box a scan with something taught asks the detector for
MAX_REGIONS = 32
REGION_SIDE = 400
REGION_MARGIN = 0.15
RATIO = 0.75  # Lowe's ratio test
MIN_INLIERS = 8  # RANSAC inliers for a product to count as found (0 wrong of 3 found at 8 on aicook val)
MAX_INSTANCES = 4  # the same product found at most this often in one photo
MAX_FEATURES = 600
MAX_CROPS_PER_NAME = 4  # crops kept per taught name (the newest): matching cost grows with every crop


@dataclass(frozen=True)
class Taught:
    key: str  # file stem of the stored features
    name: str  # what the user called it
    ingredient: str | None  # taxonomy id, or None for the user's own item


@dataclass(frozen=True)
class MemoryHit:
    name: str
    ingredient: str | None
    box: tuple[float, float, float, float]  # in the photo's pixels
    inliers: int
    confidence: float  # grows with the inliers; 0.5 at MIN_INLIERS


def _sift() -> Any:
    import cv2

    return cv2.SIFT_create(nfeatures=MAX_FEATURES)  # type: ignore[attr-defined]  # cv2's stubs lack it


def _grey(image: Image.Image, side: int, *, upscale: bool) -> tuple[np.ndarray, float]:
    w, h = image.size
    scale = side / max(w, h)
    if scale > 1 and not upscale:
        scale = 1.0
    if scale != 1.0:
        image = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BILINEAR)
    return np.asarray(image.convert("L")), scale


def features(image: Image.Image, side: int, *, upscale: bool) -> tuple[np.ndarray, np.ndarray, float]:
    """Keypoint positions (in `image`'s pixels), float32 descriptors, and the working scale."""
    grey, scale = _grey(image, side, upscale=upscale)
    keypoints, descriptors = _sift().detectAndCompute(grey, None)
    if descriptors is None or not keypoints:
        return np.zeros((0, 2), np.float32), np.zeros((0, 128), np.float32), scale
    xy = np.array([k.pt for k in keypoints], np.float32) / scale
    return xy, descriptors.astype(np.float32), scale


def photo_features(
    image: Image.Image, regions: Sequence[Sequence[float]] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """A photo's keypoints (in its pixels) and descriptors: the whole photo at PHOTO_SIDE and, on a large
    photo, each of `regions` (boxes the detector found there) at its own resolution, so that a small
    product on a phone photo keeps its detail. One matching pass then sees both."""
    xy, desc, _ = features(image, PHOTO_SIDE, upscale=False)
    w, h = image.size
    parts_xy, parts_desc = [xy], [desc]
    for x0, y0, x1, y1 in _regions(regions, w, h):
        rxy, rdesc, _ = features(image.crop((x0, y0, x1, y1)), REGION_SIDE, upscale=True)
        parts_xy.append(rxy + np.array([x0, y0], np.float32))
        parts_desc.append(rdesc)
    return np.concatenate(parts_xy), np.concatenate(parts_desc)


def _regions(boxes: Sequence[Sequence[float]], width: int, height: int) -> list[tuple[int, int, int, int]]:
    """The largest MAX_REGIONS distinct boxes, each grown by REGION_MARGIN and kept inside the photo; only
    on a photo the whole-photo search shrinks a lot (on a smaller one the boxes add cost, not detail)."""
    if max(width, height) < PHOTO_SIDE * REGIONS_FROM:
        return []
    out: list[tuple[int, int, int, int]] = []
    for box in sorted(boxes, key=lambda b: -(b[2] - b[0]) * (b[3] - b[1])):
        if len(out) >= MAX_REGIONS:
            break
        mx, my = (box[2] - box[0]) * REGION_MARGIN, (box[3] - box[1]) * REGION_MARGIN
        grown = (
            max(0, round(box[0] - mx)),
            max(0, round(box[1] - my)),
            min(width, round(box[2] + mx)),
            min(height, round(box[3] + my)),
        )
        if grown[2] - grown[0] < 16 or grown[3] - grown[1] < 16:
            continue
        if all(_iou(grown, kept) < 0.5 for kept in out):
            out.append(grown)
    return out


def _iou(a: Sequence[float], b: Sequence[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _plausible(quad: np.ndarray, width: int, height: int) -> bool:
    """A projected crop outline that is convex, not tiny, not most of the photo, and mostly inside."""
    import cv2

    if not cv2.isContourConvex(quad.astype(np.float32).reshape(-1, 1, 2)):
        return False
    area = float(cv2.contourArea(quad.astype(np.float32)))
    if not 0.001 * width * height <= area <= 0.7 * width * height:
        return False
    x1, y1 = quad.min(axis=0)
    x2, y2 = quad.max(axis=0)
    inside = (min(x2, width) - max(x1, 0)) * (min(y2, height) - max(y1, 0))
    return bool(inside > 0.6 * (x2 - x1) * (y2 - y1))


class AppearanceMemory:
    """Taught crops in `folder`; `find` searches a photo for all of them."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._entries: list[Taught] = []
        self._xy: list[np.ndarray] = []
        self._desc: list[np.ndarray] = []
        self._sizes: list[tuple[int, int]] = []
        self._matcher: Any = None  # the FLANN index over every taught descriptor, built once per change
        self._owner: np.ndarray | None = None
        self._load()

    def _load(self) -> None:
        index = self.folder / "index.json"
        if not index.is_file():
            return
        try:
            rows = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # a damaged index only costs the memory, never a scan
        for row in rows:
            try:
                with np.load(self.folder / f"{row['key']}.npz") as data:
                    xy, desc, size = data["xy"], data["desc"], data["size"]
            except (OSError, KeyError, ValueError):
                continue
            self._entries.append(Taught(str(row["key"]), str(row["name"]), row.get("ingredient")))
            self._xy.append(xy)
            self._desc.append(desc)
            self._sizes.append((int(size[0]), int(size[1])))

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.name for e in self._entries))

    def entries(self) -> tuple[Taught, ...]:
        return tuple(self._entries)

    def teach(self, crop: Image.Image, name: str, ingredient: str | None, key: str) -> bool:
        """Remember `crop` as `name`; False (nothing stored) when it has too few features to match."""
        xy, desc, _ = features(crop, CROP_SIDE, upscale=True)
        if len(desc) < MIN_INLIERS:
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            self.folder / f"{key}.npz", xy=xy, desc=desc.astype(np.float16), size=np.array(crop.size)
        )
        self._drop(key)
        for old in [e.key for e in self._entries if e.name == name][: -(MAX_CROPS_PER_NAME - 1) or None]:
            self.forget(old)  # the newest crops of a product are enough; each one costs every later scan
        self._entries.append(Taught(key, name, ingredient))
        self._xy.append(xy)
        self._desc.append(desc.astype(np.float16))
        self._sizes.append(crop.size)
        self._write_index()
        return True

    def _drop(self, key: str) -> None:
        self._matcher = None
        keep = [i for i, e in enumerate(self._entries) if e.key != key]
        self._entries = [self._entries[i] for i in keep]
        self._xy = [self._xy[i] for i in keep]
        self._desc = [self._desc[i] for i in keep]
        self._sizes = [self._sizes[i] for i in keep]

    def forget(self, key: str) -> None:
        self._drop(key)
        (self.folder / f"{key}.npz").unlink(missing_ok=True)
        self._write_index()

    def _write_index(self) -> None:
        rows = [{"key": e.key, "name": e.name, "ingredient": e.ingredient} for e in self._entries]
        tmp = self.folder / "index.json.tmp"
        tmp.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        os.replace(tmp, self.folder / "index.json")

    def find(self, image: Image.Image, regions: Sequence[Sequence[float]] = ()) -> list[MemoryHit]:
        """Every taught product visible in `image`, best first (empty when nothing was taught). `regions`:
        boxes (x1, y1, x2, y2 in the photo's pixels) where something is, searched at their own detail."""
        if not self._entries:
            return []
        import cv2

        photo_xy, photo_desc = photo_features(image, regions)
        if len(photo_desc) < MIN_INLIERS:
            return []
        matcher, owner = self._index(cv2)
        taught_xy = np.concatenate(self._xy)
        pairs = matcher.knnMatch(photo_desc, k=2)
        good: dict[int, list[tuple[int, int]]] = {}
        for pair in pairs:
            if len(pair) == 2 and pair[0].distance < RATIO * pair[1].distance:
                m = pair[0]
                good.setdefault(int(owner[m.trainIdx]), []).append((m.queryIdx, m.trainIdx))
        hits: list[MemoryHit] = []
        width, height = image.size
        for entry_index, matches in good.items():
            hits += self._locate(entry_index, matches, photo_xy, taught_xy, width, height)
        hits.sort(key=lambda h: -h.inliers)
        kept: list[MemoryHit] = []
        for hit in hits:  # two taught crops of one product (or look-alikes) find the same box once
            if all(_iou(hit.box, k.box) < 0.4 for k in kept):
                kept.append(hit)
        return kept

    def _index(self, cv2: Any) -> tuple[Any, np.ndarray]:
        """One FLANN index for all taught crops, kept until the next teach or forget: building it is what
        grew with the memory (a scan of several photos, or the window's next photo, reuses it)."""
        if self._matcher is None or self._owner is None:
            matcher = cv2.FlannBasedMatcher({"algorithm": 1, "trees": 4}, {"checks": 48})
            matcher.add([np.concatenate(self._desc).astype(np.float32)])
            matcher.train()
            self._owner = np.concatenate([np.full(len(d), i) for i, d in enumerate(self._desc)])
            self._matcher = matcher
        return self._matcher, self._owner

    def _locate(
        self,
        entry_index: int,
        matches: list[tuple[int, int]],
        photo_xy: np.ndarray,
        taught_xy: np.ndarray,
        width: int,
        height: int,
    ) -> list[MemoryHit]:
        import cv2

        entry = self._entries[entry_index]
        cw, ch = self._sizes[entry_index]
        corners = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32).reshape(-1, 1, 2)
        out: list[MemoryHit] = []
        remaining = matches
        for _ in range(MAX_INSTANCES):
            if len(remaining) < MIN_INLIERS:
                break
            src = np.array([taught_xy[t] for _, t in remaining], np.float32)
            dst = np.array([photo_xy[q] for q, _ in remaining], np.float32)
            homography, mask = cv2.findHomography(src, dst, cv2.RANSAC, 6.0)
            if homography is None or mask is None:
                break
            inliers = int(mask.sum())
            if inliers < MIN_INLIERS:
                break
            quad = cv2.perspectiveTransform(corners, homography).reshape(-1, 2)
            flags = mask.ravel().astype(bool)
            remaining = [m for m, used in zip(remaining, flags, strict=True) if not used]
            if not _plausible(quad, width, height):
                continue
            x1, y1 = np.clip(quad.min(axis=0), 0, [width, height])
            x2, y2 = np.clip(quad.max(axis=0), 0, [width, height])
            box = (round(float(x1), 1), round(float(y1), 1), round(float(x2), 1), round(float(y2), 1))
            confidence = round(inliers / (inliers + MIN_INLIERS), 4)
            out.append(MemoryHit(entry.name, entry.ingredient, box, inliers, confidence))
        return out
