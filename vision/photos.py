"""Loading photos safely: every failure becomes one PhotoError naming the file, never a crash.

The whole file is read once, so the content hash and the decoded image come from the same bytes.
Pillow only parses the header on open, so size limits are checked before any pixels are decoded.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import sys
import threading
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from vision.errors import PhotoError

MAX_PIXELS = 64_000_000  # 50-megapixel cameras plus headroom; a 900-megapixel bomb is refused
MAX_FILE_BYTES = 256 * 1024 * 1024
SUPPORTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "BMP", "TIFF", "HEIF", "AVIF"})
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif")

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_DATETIME = 306
_OFFSET_TIME = 36880  # the offset of _DATETIME (EXIF 2.31)
_OFFSET_TIME_ORIGINAL = 36881  # the offset of _DATETIME_ORIGINAL
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")

_heif_lock = threading.Lock()
_heif_registered = False


@dataclass(frozen=True)
class LoadedPhoto:
    path: Path
    sha256: str
    width: int  # after EXIF orientation, i.e. the pixels detection boxes refer to
    height: int
    format: str
    taken_at: datetime | None
    image: Image.Image  # RGB

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1e6


def _register_heif() -> None:
    global _heif_registered
    with _heif_lock:
        if _heif_registered:
            return
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:  # HEIC photos then fail with a clear "not a supported image" message
            pass
        _heif_registered = True


def _pil_open() -> Any:
    """Pillow's own Image.open: ultralytics replaces it with one that tries to install pi-heif on any
    unidentified file, which would turn a text file named .jpg into an install attempt and a crash."""
    opener = Image.open
    if getattr(opener, "__module__", "") == "PIL.Image":
        return opener
    original = getattr(sys.modules.get("ultralytics.utils.patches"), "_image_open", None)
    return original if callable(original) else opener


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise PhotoError(f"{name}: is a folder, not a photo")
        if not path.exists():
            raise PhotoError(f"{name}: no such file")
        size = path.stat().st_size
        if size == 0:
            raise PhotoError(f"{name}: the file is empty")
        if size > MAX_FILE_BYTES:
            raise PhotoError(f"{name}: the file is {size / 1e6:.0f} MB, larger than a photo can be")
        with path.open("rb") as fh:
            return fh.read()
    except PermissionError as exc:
        raise PhotoError(f"{name}: cannot read the file (permission denied)") from exc
    except OSError as exc:
        raise PhotoError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc


def _exif_offset(raw: object) -> timezone | None:
    match = _EXIF_OFFSET.fullmatch(str(raw).strip("\x00 ")) if raw else None
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if sign == "-" else delta)


def _taken_at(image: Image.Image) -> datetime | None:
    """When the photo was taken, as an aware datetime (never naive: the database stores UTC instants).

    EXIF writes the camera clock's wall time. With OffsetTimeOriginal (or OffsetTime for DateTime) that
    offset says where the clock was. Without one the time is local to the camera, and the best guess is
    that the camera and this machine share a zone (a phone photo scanned at home): it is converted with
    the machine's zone as it was on that date (DST included), not stored as if it were UTC.
    """
    try:
        exif = image.getexif()
        sub = exif.get_ifd(_EXIF_IFD)
        raw, offset = sub.get(_DATETIME_ORIGINAL), sub.get(_OFFSET_TIME_ORIGINAL)
        if not raw:
            raw, offset = exif.get(_DATETIME), sub.get(_OFFSET_TIME)
        if not raw:
            return None
        wall = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        zone = _exif_offset(offset)
        return wall.replace(tzinfo=zone) if zone is not None else wall.astimezone()
    except Exception:  # a broken EXIF date is no reason to refuse the photo
        return None


def load_photo(path: str | os.PathLike[str], *, max_pixels: int = MAX_PIXELS) -> LoadedPhoto:
    """Read, verify and decode one photo (EXIF orientation applied, RGB)."""
    _register_heif()
    path = Path(path)
    name = str(path)
    data = _read_bytes(path)
    digest = sha256_of(data)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and errors at 2x) above its own limit; ours is stricter and checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = _pil_open()(io.BytesIO(data))
            fmt = (image.format or "").upper()
            if fmt not in SUPPORTED_FORMATS:
                raise PhotoError(
                    f"{name}: {fmt or 'unknown'} images are not supported (use JPEG, PNG, WebP, "
                    "BMP, TIFF or HEIC)"
                )
            width, height = image.size
            if width <= 0 or height <= 0:
                raise PhotoError(f"{name}: the image has no pixels")
            if width * height > max_pixels:
                raise PhotoError(
                    f"{name}: {width}x{height} is {width * height / 1e6:.0f} megapixels, more than the "
                    f"{max_pixels / 1e6:.0f} a photo may have (refused as a possible decompression bomb)"
                )
            taken_at = _taken_at(image)
            image.load()
            oriented = ImageOps.exif_transpose(image)
            rgb = oriented.convert("RGB") if oriented.mode != "RGB" else oriented
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:
        raise PhotoError(
            f"{name}: more than {max_pixels / 1e6:.0f} megapixels, refused as a possible decompression bomb"
        ) from exc
    except (UnidentifiedImageError, ImportError) as exc:
        raise PhotoError(f"{name}: not an image Larder can read (the content is not a photo)") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow reports truncated and corrupt data as OSError/SyntaxError/ValueError.
        raise PhotoError(f"{name}: the image data is corrupt or truncated ({exc})") from exc
    except MemoryError as exc:
        raise PhotoError(f"{name}: the image is too large to decode in memory") from exc
    return LoadedPhoto(
        path=path, sha256=digest, width=rgb.width, height=rgb.height, format=fmt, taken_at=taken_at, image=rgb
    )


def photo_sha256(path: str | os.PathLike[str]) -> str:
    """The content hash that identifies a photo (same bytes, same photo, whatever its name)."""
    return sha256_of(_read_bytes(Path(path)))
