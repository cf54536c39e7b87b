"""A zoomable photo with its detections drawn the way a review needs them: sure boxes solid, unsure
ones dashed and lighter with a "?", rejected ones grey and struck through, unnamed containers amber
("What is this?"), a box whose correction is still being written faded. In draw mode a drag on the photo draws a box for something the model missed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImageReader,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from agents.app import DetectionView, Larder
from desktop.theme import COLORS, category_color

Box = tuple[float, float, float, float]
MIN_DRAWN_PX = 6  # a drag shorter than this (in photo pixels) is a click, not a box
REJECTED = QColor("#9aa1ab")
UNNAMED = QColor("#e0a100")
PENDING_OPACITY = 0.45  # a box whose correction is still being written


def box_color(det: DetectionView) -> QColor:
    if det.status == "rejected":
        return QColor(REJECTED)
    if det.status == "unnamed":
        return QColor(UNNAMED)
    return category_color(Larder.category(det.ingredient))


def box_caption(det: DetectionView) -> str:
    """What the label on the photo says: "? Onion 0.50", "✓ Milk", "What is this?"."""
    if det.status == "unnamed":
        guess = (det.guess_name or "").split(",")[0]
        return f"{guess}? {det.confidence:.2f}" if guess else f"What is this? ({det.label})"
    name = (det.name or det.label).split(",")[0]
    count = f" ×{det.count}" if det.count > 1 else ""
    if det.status in ("confirmed", "relabelled", "added"):
        return f"✓ {name}{count}"
    if det.status == "rejected":
        return name
    return f"{'? ' if det.unsure else ''}{name}{count} {det.confidence:.2f}"


class _BoxItem(QGraphicsRectItem):
    def __init__(self, view: DetectionPhotoView, det: DetectionView) -> None:
        x1, y1, x2, y2 = det.box
        super().__init__(QRectF(x1, y1, x2 - x1, y2 - y1))
        self.det = det
        self.index = det.id
        self.color = box_color(det)
        self._view = view
        self.setAcceptHoverEvents(True)
        self.setZValue(-1 if det.status == "rejected" else 0)  # a rejected box never hides a live one
        self.set_highlighted(False)

    def set_highlighted(self, on: bool) -> None:
        det = self.det
        color = QColor(self.color)
        unsure = det.unsure or det.status == "unnamed"
        if unsure and not on:
            color.setAlpha(190)  # lighter: the model is not sure
        pen = QPen(color, (4 if on else 2.5) if det.status != "rejected" else 1.5)
        pen.setCosmetic(True)
        if det.status == "rejected":
            pen.setStyle(Qt.PenStyle.DotLine)
        elif unsure:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        fill = QColor(self.color)
        fill.setAlpha(70 if on else 0)
        self.setBrush(QBrush(fill))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._view.box_hovered.emit(self.index)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._view.box_hovered.emit(-1)
        super().hoverLeaveEvent(event)


def _overlap(spot: QRectF, taken: Sequence[QRectF]) -> float:
    area = 0.0
    for other in taken:
        common = spot.intersected(other)
        area += common.width() * common.height()
    return area


def label_spot(box: Box, size: QSizeF, image: QRectF, taken: Sequence[QRectF]) -> QRectF:
    """Where a box's label goes: above it, else inside its top, below it, or inside its bottom, flush
    with its left edge, then its right edge; the first spot that covers no label already placed wins
    (neighbouring boxes otherwise hide each other's names), else the one that covers the least."""
    x1, y1, x2, y2 = box
    w, h = size.width(), size.height()
    xs = dict.fromkeys(min(max(image.left(), x), image.right() - w) for x in (x1, x2 - w))  # ordered, unique
    candidates = [
        QRectF(x, y, w, h)
        for x in xs
        for y in (y1 - h, y1, y2, y2 - h)
        if image.top() <= y and y + h <= image.bottom()
    ] or [QRectF(next(iter(xs)), max(image.top(), y1), w, h)]
    for spot in candidates:
        if not any(spot.intersects(other) for other in taken):
            return spot
    return min(candidates, key=lambda spot: _overlap(spot, taken))


class DetectionPhotoView(QGraphicsView):
    box_hovered = Signal(int)  # detection id, -1 when none
    box_clicked = Signal(int)  # detection id
    box_drawn = Signal(object)  # (x1, y1, x2, y2) in the photo's pixels, from a drag in draw mode
    draw_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAccessibleName("Fridge photo with detected items")
        self._items: list[_BoxItem] = []
        self._pixmap = QPixmap()
        self._fitted = True
        self._drawing = False
        self._press: QPointF | None = None
        self._rubber: QGraphicsRectItem | None = None
        self._pending: QGraphicsRectItem | None = None
        self._pending_ids: set[int] = set()
        self.photo_loaded = False

    # --- the photo and its boxes ---------------------------------------------------------------------

    def set_photo(self, path: Path, detections: Sequence[DetectionView]) -> bool:
        scene = self.scene()
        scene.clear()
        self._items, self._rubber, self._pending = [], None, None
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = reader.read()
        self.photo_loaded = not image.isNull()
        if not self.photo_loaded:
            self._pixmap = QPixmap()
            text = scene.addSimpleText(f"Photo not found: {path.name}")
            text.setBrush(QColor("#e6e9ee"))
            self.fit()
            return False
        self._pixmap = QPixmap.fromImage(image)
        pixmap_item = QGraphicsPixmapItem(self._pixmap)
        pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        pixmap_item.setZValue(-2)
        scene.addItem(pixmap_item)
        scene.setSceneRect(QRectF(image.rect()))
        self.show_detections(detections)
        self._fitted = True
        self.fit()
        return True

    def show_detections(self, detections: Sequence[DetectionView]) -> None:
        """Redraw the boxes on the photo already shown (after a review change: no decode again)."""
        scene = self.scene()
        for item in scene.items():
            if (isinstance(item, _BoxItem) or item.data(0) == "tag") and item.parentItem() is None:
                scene.removeItem(item)
        self._items = []
        if self._pixmap.isNull():
            return
        image = QRectF(self._pixmap.rect())
        font = QFont()
        font.setPixelSize(max(12, int(image.height() / 40)))
        font.setBold(True)
        placed: list[QRectF] = []
        # Live boxes choose their label's place before rejected ones, the most confident first.
        order = sorted(detections, key=lambda d: (d.status == "rejected", -d.confidence))
        for det in order:
            item = _BoxItem(self, det)
            scene.addItem(item)
            self._items.append(item)
            label = QGraphicsSimpleTextItem(box_caption(det))
            label_font = QFont(font)
            label_font.setStrikeOut(det.status == "rejected")
            label.setFont(label_font)
            label.setBrush(QColor("white" if det.status != "unnamed" else "#1c2430"))
            bounds = label.boundingRect()
            size = QSizeF(bounds.width() + 8, bounds.height() + 2)
            spot = label_spot(det.box, size, image, placed)
            placed.append(spot)
            tag = QGraphicsRectItem(QRectF(QPointF(0, 0), size))
            tag.setData(0, "tag")
            fill = QColor(item.color)
            if det.unsure or det.status == "rejected":
                fill.setAlpha(200)
            tag.setBrush(fill)
            tag.setPen(QPen(Qt.PenStyle.NoPen))
            tag.setPos(spot.topLeft())
            tag.setZValue(0.5 if det.status == "rejected" else 1)  # every live label above every outline
            label.setParentItem(tag)
            label.setPos(4, 1)
            scene.addItem(tag)
        self._items.sort(key=lambda it: it.index)
        self.mark_pending(self._pending_ids)

    @property
    def box_count(self) -> int:
        return len(self._items)

    def detections_shown(self) -> list[DetectionView]:
        return [item.det for item in self._items]

    def mark_pending(self, det_ids: set[int]) -> None:
        """Boxes whose correction is still being written show faded until it lands."""
        self._pending_ids = set(det_ids)
        for item in self._items:
            item.setOpacity(PENDING_OPACITY if item.index in self._pending_ids else 1.0)

    def highlight(self, det_id: int) -> None:
        for item in self._items:
            item.set_highlighted(item.index == det_id)

    def crop(self, box: Box, side: int = 96) -> QPixmap:
        """The box's part of the photo, scaled to fit `side` (for "What is this?")."""
        if self._pixmap.isNull():
            return QPixmap()
        x1, y1, x2, y2 = box
        rect = QRect(int(x1), int(y1), max(1, int(x2 - x1)), max(1, int(y2 - y1)))
        part = self._pixmap.copy(rect.intersected(self._pixmap.rect()))
        return part.scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )

    # --- drawing a missed item -----------------------------------------------------------------------

    @property
    def drawing(self) -> bool:
        return self._drawing

    def set_drawing(self, on: bool) -> None:
        self._drawing = on
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)
        if not on:
            self._clear_rubber()

    def show_pending(self, box: Box | None) -> None:
        """The drawn box waiting for its name (None: gone)."""
        if self._pending is not None:
            self.scene().removeItem(self._pending)
            self._pending = None
        if box is None:
            return
        x1, y1, x2, y2 = box
        self._pending = QGraphicsRectItem(QRectF(x1, y1, x2 - x1, y2 - y1))
        pen = QPen(QColor(COLORS["accent"]), 3, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._pending.setPen(pen)
        fill = QColor(COLORS["accent"])
        fill.setAlpha(50)
        self._pending.setBrush(fill)
        self._pending.setZValue(2)
        self.scene().addItem(self._pending)

    def _clear_rubber(self) -> None:
        if self._rubber is not None:
            self.scene().removeItem(self._rubber)
            self._rubber = None
        self._press = None

    def _photo_point(self, event: QMouseEvent) -> QPointF:
        point = self.mapToScene(event.position().toPoint())
        rect = self.scene().sceneRect()
        return QPointF(
            min(max(point.x(), rect.left()), rect.right()), min(max(point.y(), rect.top()), rect.bottom())
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton and self.photo_loaded:
            self._clear_rubber()
            self._press = self._photo_point(event)
            self._rubber = QGraphicsRectItem(QRectF(self._press, self._press))
            pen = QPen(QColor(COLORS["accent"]), 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            self._rubber.setPen(pen)
            self._rubber.setZValue(3)
            self.scene().addItem(self._rubber)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            for item in self.items(event.position().toPoint()):
                if isinstance(item, _BoxItem):
                    self.box_clicked.emit(item.index)
                    break
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and self._press is not None and self._rubber is not None:
            self._rubber.setRect(QRectF(self._press, self._photo_point(event)).normalized())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing and self._press is not None:
            rect = QRectF(self._press, self._photo_point(event)).normalized()
            self._clear_rubber()
            event.accept()
            if rect.width() >= MIN_DRAWN_PX and rect.height() >= MIN_DRAWN_PX:
                box = (
                    round(rect.left(), 1),
                    round(rect.top(), 1),
                    round(rect.right(), 1),
                    round(rect.bottom(), 1),
                )
                self.show_pending(box)
                self.box_drawn.emit(box)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._drawing:
            self.set_drawing(False)
            self.draw_cancelled.emit()
            return
        super().keyPressEvent(event)

    # --- zoom --------------------------------------------------------------------------------------

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
        self._fitted = False
        self.scale(factor, factor)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._fitted = True
        self.fit()
