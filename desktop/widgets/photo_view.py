"""A zoomable photo with detection boxes coloured by category and labelled "Milk 0.91"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImageReader,
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

from agents.app import BoxView
from desktop.theme import category_color


class _BoxItem(QGraphicsRectItem):
    def __init__(self, index: int, rect: QRectF, color: QColor, on_hover: Callable[[int], None]) -> None:
        super().__init__(rect)
        self.index = index
        self.color = color
        self._on_hover = on_hover
        self.setAcceptHoverEvents(True)
        self.set_highlighted(False)

    def set_highlighted(self, on: bool) -> None:
        pen = QPen(self.color, 4 if on else 2.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        fill = QColor(self.color)
        fill.setAlpha(70 if on else 0)
        self.setBrush(QBrush(fill))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._on_hover(self.index)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._on_hover(-1)
        super().hoverLeaveEvent(event)


def _overlap(spot: QRectF, taken: Sequence[QRectF]) -> float:
    area = 0.0
    for other in taken:
        common = spot.intersected(other)
        area += common.width() * common.height()
    return area


def label_spot(box: BoxView, size: QSizeF, image: QRectF, taken: Sequence[QRectF]) -> QRectF:
    """Where a box's label goes: above it, else inside its top, below it, or inside its bottom, flush
    with its left edge, then its right edge; the first spot that covers no label already placed wins
    (neighbouring boxes otherwise hide each other's names), else the one that covers the least."""
    w, h = size.width(), size.height()
    xs = dict.fromkeys(
        min(max(image.left(), x), image.right() - w) for x in (box.x1, box.x2 - w)
    )  # ordered, no duplicates
    candidates = [
        QRectF(x, y, w, h)
        for x in xs
        for y in (box.y1 - h, box.y1, box.y2, box.y2 - h)
        if image.top() <= y and y + h <= image.bottom()
    ] or [QRectF(next(iter(xs)), max(image.top(), box.y1), w, h)]
    for spot in candidates:
        if not any(spot.intersects(other) for other in taken):
            return spot
    return min(candidates, key=lambda spot: _overlap(spot, taken))


class DetectionPhotoView(QGraphicsView):
    box_hovered = Signal(int)  # index into the boxes given to set_photo, -1 when none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._items: list[_BoxItem] = []
        self._fitted = True
        self.photo_loaded = False

    def set_photo(self, path: Path, boxes: Sequence[BoxView]) -> bool:
        scene = self.scene()
        scene.clear()
        self._items = []
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = reader.read()
        self.photo_loaded = not image.isNull()
        if not self.photo_loaded:
            text = scene.addSimpleText(f"Photo not found: {path.name}")
            text.setBrush(QColor("#e6e9ee"))
            self.fit()
            return False
        pixmap_item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        scene.addItem(pixmap_item)
        font = QFont()
        font.setPixelSize(max(12, int(image.height() / 40)))
        font.setBold(True)
        placed: list[QRectF] = []
        # The most confident boxes choose their label's place first.
        order = sorted(range(len(boxes)), key=lambda i: -boxes[i].confidence)
        for index in order:
            box = boxes[index]
            color = category_color(box.category)
            item = _BoxItem(
                index, QRectF(box.x1, box.y1, box.x2 - box.x1, box.y2 - box.y1), color, self.box_hovered.emit
            )
            scene.addItem(item)
            self._items.append(item)
            label = QGraphicsSimpleTextItem(f"{box.name.split(',')[0]} {box.confidence:.2f}")
            label.setFont(font)
            label.setBrush(QColor("white"))
            bounds = label.boundingRect()
            size = QSizeF(bounds.width() + 8, bounds.height() + 2)
            spot = label_spot(box, size, QRectF(image.rect()), placed)
            placed.append(spot)
            tag = QGraphicsRectItem(QRectF(QPointF(0, 0), size))
            tag.setBrush(color)
            tag.setPen(QPen(Qt.PenStyle.NoPen))
            tag.setPos(spot.topLeft())
            tag.setZValue(1)  # every label above every box outline
            label.setParentItem(tag)
            label.setPos(4, 1)
            scene.addItem(tag)
        self._items.sort(key=lambda item: item.index)
        scene.setSceneRect(QRectF(image.rect()))
        self._fitted = True
        self.fit()
        return True

    @property
    def box_count(self) -> int:
        return len(self._items)

    def highlight(self, index: int) -> None:
        for item in self._items:
            item.set_highlighted(item.index == index)

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
