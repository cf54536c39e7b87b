"""`larder scan`, `inventory`, `train` and `eval` end to end (in-process, on the session's tiny model)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from agents.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _bad_photos(folder: Path) -> list[Path]:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 200, 200)).save(buf, format="JPEG", quality=90)
    (folder / "truncated.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 3])
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "text.jpg").write_text("this is not an image\n" * 20)
    (folder / "random.png").write_bytes(os.urandom(5000))
    (folder / "folder.jpg").mkdir()
    Image.new("1", (12000, 12000)).save(folder / "bomb.png", optimize=True)
    return [
        folder / n for n in ("truncated.jpg", "empty.jpg", "text.jpg", "random.png", "folder.jpg", "bomb.png")
    ]


def test_every_bad_photo_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in [*_bad_photos(tmp_path), tmp_path / "missing.jpg"]:
        code, out, err = _run(capsys, "scan", str(path), "--json")
        assert code == 2, (path, err)
        assert out == ""
        assert len(err.strip().splitlines()) == 1 and path.name in err and "Traceback" not in err


def test_good_photo_without_any_model_exits_0_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import vision.model_choice

    monkeypatch.setattr(vision.model_choice, "BUNDLED_DIR", tmp_path / "no-bundled-model")
    Image.new("RGB", (640, 480), (200, 200, 200)).save(tmp_path / "good.jpg")
    code, out, err = _run(capsys, "scan", str(tmp_path / "good.jpg"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["items"] == [] and data["photos"][0]["detections"] == []
    assert "no bundled detector model" in err


def test_pretrained_name_is_refused_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Image.new("RGB", (64, 64)).save(tmp_path / "good.jpg")
    code, _out, err = _run(capsys, "scan", str(tmp_path / "good.jpg"), "--model", "yolo11n.pt")
    assert code == 2 and "does not download" in err


def test_scan_json_contract_and_save(
    tiny_model: Path, synthetic_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photos = sorted(str(p) for p in (synthetic_data.parent / "images" / "val").glob("*.png"))[:2]
    code, out, err = _run(
        capsys, "scan", *photos, photos[0], "--json", "--model", str(tiny_model), "--conf", "0"
    )
    assert code == 0, err
    data = json.loads(out)
    assert [p["path"] for p in data["photos"]] == [*photos, photos[0]]
    for item in data["items"]:
        assert set(item) >= {"ingredient", "name", "count", "confidence"}
    for photo in data["photos"]:
        assert photo["ms"] > 0 and isinstance(photo["unfamiliar"], bool)
        for det in photo["detections"]:
            assert set(det) == {"ingredient", "label", "confidence", "box"} and len(det["box"]) == 4
    # the repeated photo is listed but not counted twice
    per_photo = sum(len(p["detections"]) for p in data["photos"][:2])
    assert sum(i["count"] for i in data["items"]) == per_photo
    assert data["saved"] is False

    code, out, err = _run(
        capsys, "scan", *photos, "--json", "--model", str(tiny_model), "--conf", "0", "--save"
    )
    assert code == 0, err
    saved = json.loads(out)
    assert saved["saved"] is True and saved["summary"].startswith("since the last scan:")
    code, out, _ = _run(capsys, "inventory", "list", "--json")
    listed = {(i["ingredient"] or "?" + i["name"]): i["quantity"] for i in json.loads(out)["items"]}
    assert listed == {(i["ingredient"] or "?" + i["label"]): i["quantity"] for i in saved["items"]}
    code, out, _ = _run(capsys, "inventory", "undo", "--json")
    assert code == 0 and json.loads(out)["scan_id"] == saved["scan_id"]
    _code, out, _ = _run(capsys, "inventory", "--json")
    assert json.loads(out)["items"] == []


def test_bad_conf_and_inventory_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Image.new("RGB", (64, 64)).save(tmp_path / "good.jpg")
    assert _run(capsys, "scan", str(tmp_path / "good.jpg"), "--conf", "2")[0] == 2
    code, _out, err = _run(capsys, "inventory", "set", "1")
    assert code == 2 and "usage" in err
    code, _out, err = _run(capsys, "inventory", "add", "eggs", "six")
    assert code == 2 and "QTY must be a number" in err


def test_eval_maps_classes_and_reports_user_figures(
    tiny_model: Path, synthetic_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "eval", "--data", str(synthetic_data), "--model", str(tiny_model), "--json", "--conf", "0"
    )
    assert code == 0, err
    data = json.loads(out)
    assert 0.0 <= data["map50"] <= 1.0 and 0.0 <= data["map50_95"] <= data["map50"] + 1e-9
    classes = {c["data_class"]: c for c in data["classes"]}
    assert classes["Milk"]["ingredient"] == "milk_whole" and classes["Milk"]["model_class"] == "Milk"
    assert classes["widget"]["ingredient"] is None and classes["widget"]["model_class"] == "widget"
    assert sum(c["instances"] for c in data["classes"]) > 0
    assert data["ms_mean"] > 0 and data["ms_p95"] >= data["ms_mean"] * 0.5
    assert 0.0 <= data["presence_precision"] <= 1.0 and 0.0 <= data["presence_recall"] <= 1.0
    assert data["images"] == 4 and data["unmatched_classes"] == []


def test_eval_matches_a_data_set_with_other_names_and_order(
    tiny_model: Path, synthetic_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same photos labelled `eggs`, `milk`, `tomatoes`, `carrot` in another order still line up."""
    root = synthetic_data.parent
    order = {0: 2, 1: 3, 2: 1}  # old class -> new number; widget (3) becomes carrot (0), unknown to the model
    (tmp_path / "images").symlink_to(root / "images")
    (tmp_path / "labels" / "val").mkdir(parents=True)
    for label in (root / "labels" / "val").glob("*.txt"):
        lines = []
        for line in label.read_text().splitlines():
            cls, *rest = line.split()
            lines.append(" ".join([str(order.get(int(cls), 0)), *rest]))
        (tmp_path / "labels" / "val" / label.name).write_text("\n".join(lines) + "\n")
    (tmp_path / "data.yaml").write_text("val: images/val\nnames: [carrot, milk, eggs, tomatoes]\n")
    code, out, err = _run(
        capsys, "eval", "--data", str(tmp_path / "data.yaml"), "--model", str(tiny_model), "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    classes = {c["data_class"]: c["model_class"] for c in data["classes"]}
    assert classes == {"carrot": None, "milk": "Milk", "eggs": "egg", "tomatoes": "tomato"}
    assert data["unmatched_classes"] == ["carrot"]


def test_eval_and_train_refuse_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _o, err = _run(
        capsys, "eval", "--data", str(tmp_path / "none.yaml"), "--model", str(tmp_path / "m.pt")
    )
    assert code == 2 and "m.pt" in err
    (tmp_path / "data.yaml").write_text("just: text\n")
    code, _o, err = _run(capsys, "train", "--data", str(tmp_path / "data.yaml"))
    assert code == 2 and "not a YOLO data set" in err
    code, _o, err = _run(capsys, "train", "--data", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such data set file" in err
    (tmp_path / "deep.yaml").write_text("names: " + "[" * 5000 + "]" * 5000 + "\n")
    code, _o, err = _run(capsys, "train", "--data", str(tmp_path / "deep.yaml"))
    assert code == 2 and "deep.yaml: not a readable YAML file" in err and "internal error" not in err


def test_train_refuses_weights_it_would_have_to_download(
    synthetic_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _o, err = _run(
        capsys, "train", "--data", str(synthetic_data), "--model", "yolo11n.pt", "--epochs", "1"
    )
    assert code == 2 and "does not download" in err


def test_model_card_names_classes_source_license_and_settings(tiny_model: Path) -> None:
    card = json.loads(tiny_model.with_suffix(".card.json").read_text())
    assert card["classes"] == ["egg", "tomato", "Milk", "widget"]
    assert card["data"]["license"] == "CC0" and "Synthetic shapes" in card["data"]["source"]
    assert card["imgsz"] == 64 and card["epochs"] == 2 and card["hardware"] and card["date"]
    assert set(card["metrics"]) >= {"metrics/mAP50(B)", "metrics/mAP50-95(B)"}
    md = tiny_model.with_suffix(".card.md").read_text()
    assert "Data license: CC0" in md and "egg, tomato, Milk, widget" in md


def test_remembered_model_and_threshold_apply_to_later_scans(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Image.new("RGB", (96, 96), (90, 90, 90)).save(tmp_path / "good.png")
    code, _out, err = _run(
        capsys, "scan", str(tmp_path / "good.png"), "--model", str(tiny_model), "--conf", "0.6", "--remember"
    )
    assert code == 0, err
    code, out, err = _run(capsys, "scan", str(tmp_path / "good.png"), "--json")
    data = json.loads(out)
    assert (data["model"], data["conf"]) == ("tiny.pt", 0.6) and "no bundled" not in err
    # with the model loaded (and ultralytics' Pillow patch active) a bad photo is still one clean line
    (tmp_path / "text.jpg").write_text("not an image")
    code, out, err = _run(capsys, "scan", str(tmp_path / "text.jpg"))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "text.jpg" in err
