"""Detection labels on the photo: each finds a place that no other label covers."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSizeF

from desktop.widgets.photo_view import label_spot


def _box(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float, float, float]:
    return (x1, y1, x2, y2)


def test_labels_of_neighbouring_boxes_do_not_cover_each_other() -> None:
    image = QRectF(0, 0, 1000, 800)
    size = QSizeF(120, 24)
    first = label_spot(_box(100, 300, 300, 400), size, image, [])
    assert first == QRectF(100, 276, 120, 24)  # above the box
    second = label_spot(_box(150, 310, 350, 420), size, image, [first])
    assert not second.intersects(first)
    assert second.top() == 310  # inside the top of its own box


def test_labels_stay_inside_the_photo() -> None:
    image = QRectF(0, 0, 640, 480)
    spot = label_spot(_box(600, 0, 640, 30), QSizeF(100, 24), image, [])
    assert image.contains(spot)


def test_a_label_crowded_out_on_the_left_moves_to_the_boxs_right_edge() -> None:
    image = QRectF(0, 0, 1000, 800)
    size = QSizeF(100, 20)
    box = _box(100, 300, 400, 400)
    # Every left-aligned spot (above, inside top, below, inside bottom) already holds a label.
    taken = [QRectF(100, y, 100, 20) for y in (280, 300, 400, 380)]
    spot = label_spot(box, size, image, taken)
    assert not any(spot.intersects(t) for t in taken)
    assert spot.right() == 400  # flush with the box's right edge


def _view(qtbot, tmp_path):
    from PIL import Image

    from desktop.widgets.photo_view import DetectionPhotoView

    path = tmp_path / "shelf.png"
    Image.new("RGB", (400, 300), (200, 205, 210)).save(path)
    view = DetectionPhotoView()
    qtbot.addWidget(view)
    view.resize(420, 330)
    view.show()
    assert view.set_photo(path, [])
    return view


def test_a_drag_in_draw_mode_gives_the_box_in_photo_pixels(qtbot, tmp_path) -> None:
    from PySide6.QtCore import Qt

    view = _view(qtbot, tmp_path)
    view.set_drawing(True)
    start, end = view.mapFromScene(50, 40), view.mapFromScene(210, 180)
    with qtbot.waitSignal(view.box_drawn) as drawn:
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    x1, y1, x2, y2 = drawn.args[0]
    assert abs(x1 - 50) < 3 and abs(y1 - 40) < 3 and abs(x2 - 210) < 3 and abs(y2 - 180) < 3


def test_a_click_in_draw_mode_is_no_box_and_escape_stops_drawing(qtbot, tmp_path) -> None:
    from PySide6.QtCore import Qt

    view = _view(qtbot, tmp_path)
    view.set_drawing(True)
    boxes: list[object] = []
    view.box_drawn.connect(boxes.append)
    spot = view.mapFromScene(100, 100)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert boxes == []
    with qtbot.waitSignal(view.draw_cancelled):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.drawing
