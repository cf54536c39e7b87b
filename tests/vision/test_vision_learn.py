"""`larder learn`: few photos answer at once; a real fine-tune is kept only if better; rollback; the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from agents.cli import main
from agents.errors import UserError
from agents.inventory.review_learning import (
    PERSONAL_MODEL_KEY,
    PREVIOUS_MODEL_KEY,
    active_personal_model,
    rollback,
)
from data.db import Database
from data.settings import get_setting, set_setting
from vision import personal


def _dataset_from(synthetic_data: Path, out: Path, n: int) -> Path:
    """The synthetic train photos laid out the way reviews write them (images/, labels/, classes.json)."""
    from vision_synthetic import CLASSES

    (out / "images").mkdir(parents=True)
    (out / "labels").mkdir()
    from PIL import Image

    for i, image in enumerate(sorted((synthetic_data.parent / "images" / "train").glob("*.png"))[:n]):
        Image.open(image).convert("RGB").save(out / "images" / f"p{i:03d}.jpg")
        shutil.copyfile(
            synthetic_data.parent / "labels" / "train" / f"{image.stem}.txt", out / "labels" / f"p{i:03d}.txt"
        )
    (out / "classes.json").write_text(json.dumps(CLASSES))
    return out


def test_too_few_reviewed_photos_answer_at_once_with_the_reason(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path
) -> None:
    data = _dataset_from(synthetic_data, tmp_path / "dataset", 2)
    outcome = personal.learn(data, tiny_model, tmp_path / "models", minutes=1)
    assert outcome.status == "kept" and "at least" in outcome.reason
    assert outcome.model == str(tiny_model) and outcome.seconds < 5 and outcome.photos == 2


def test_a_fine_tune_is_judged_on_held_back_photos_and_never_activated_when_worse(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path
) -> None:
    data = _dataset_from(synthetic_data, tmp_path / "dataset", 8)
    models = tmp_path / "models"
    guard = personal.bundled_guard_photos()  # the validation photos Larder ships (assets/guard)
    outcome = personal.learn(data, tiny_model, models, minutes=0.5, imgsz=64, guard_photos=guard)
    assert outcome.held_out == 2 and outcome.photos == 8 and guard
    assert set(outcome.before) >= {"f1", "precision", "recall"}
    assert set(outcome.after) >= {"f1", "precision", "recall"}  # a candidate was really trained and judged
    from vision.routing import Routing, load_routing

    if outcome.status == "improved":
        assert outcome.after["f1"] > outcome.before["f1"]
        # it answers for the user's classes, its base for the rest (vision/routing.py)
        assert load_routing(Path(outcome.model)) == Routing(
            tiny_model, frozenset(personal.read_dataset(data)[0])
        )
        assert {"bundled_val_f1"} <= set(outcome.before) & set(outcome.after)  # the guard was measured
        from vision.ultralytics_env import yolo_class

        kept_names = set(yolo_class()(outcome.model, task="detect").names.values())
        assert kept_names >= set(yolo_class()(str(tiny_model), task="detect").names.values())
        assert outcome.after["bundled_val_f1"] >= outcome.before["bundled_val_f1"] - personal.TOLERANCE
        assert Path(outcome.model).is_file() and Path(outcome.model).parent == models
    else:
        assert outcome.after["f1"] <= outcome.before["f1"] or "bundled" in outcome.reason
        assert outcome.model == str(tiny_model) and not list(models.glob("personal-*"))  # no routing left
    assert not (models / "learning-run").exists() or outcome.status == "kept"


def test_rollback_restores_the_previous_model_and_refuses_when_there_is_none(
    tmp_path: Path, tiny_model: Path
) -> None:
    db = Database(tmp_path / "larder.db")
    with pytest.raises(UserError, match="nothing to roll back"):
        rollback(db)
    first, second = tmp_path / "personal-1.pt", tmp_path / "personal-2.pt"
    shutil.copyfile(tiny_model, first)
    shutil.copyfile(tiny_model, second)
    set_setting(db, PERSONAL_MODEL_KEY, str(second))
    set_setting(db, PREVIOUS_MODEL_KEY, str(first))
    report = rollback(db)
    assert report.status == "rolled_back" and report.model == str(first)
    assert active_personal_model(db) == str(first) and get_setting(db, PREVIOUS_MODEL_KEY) is None
    rollback(db)
    assert active_personal_model(db) is None  # back to the bundled model
    db.close()


def test_a_personal_model_is_active_only_while_its_base_is_the_chosen_model(
    tmp_path: Path, tiny_model: Path
) -> None:
    """Trained from the model chosen in Settings, it beats that model (scans and the next learn use it);
    choosing another model leaves it aside, choosing the base again brings it back."""
    from agents.inventory.detecting import open_detector
    from agents.inventory.review_learning import PERSONAL_BASE_KEY, _current_model
    from agents.inventory.settings import MODEL_KEY
    from data.paths import LarderPaths

    db = Database(tmp_path / "larder.db")
    paths = LarderPaths(tmp_path / "home")
    paths.ensure()
    chosen, other, personal_model = tmp_path / "chosen.pt", tmp_path / "other.pt", tmp_path / "personal-1.pt"
    for path in (chosen, other, personal_model):
        shutil.copyfile(tiny_model, path)
    set_setting(db, MODEL_KEY, str(chosen))
    set_setting(db, PERSONAL_MODEL_KEY, str(personal_model))
    set_setting(db, PERSONAL_BASE_KEY, str(chosen))
    assert active_personal_model(db) == str(personal_model)
    assert _current_model(db) == personal_model  # the next learn continues from it
    assert open_detector(db, paths, None).detector.base.model_path == personal_model  # type: ignore[union-attr]
    assert open_detector(db, paths, str(other)).detector.base.model_path == other  # type: ignore[union-attr]
    set_setting(db, MODEL_KEY, str(other))
    assert active_personal_model(db) is None and _current_model(db) == other
    set_setting(db, MODEL_KEY, str(chosen))
    assert active_personal_model(db) == str(personal_model)
    set_setting(db, PERSONAL_BASE_KEY, None)  # a home from before the key: trained from the bundled model
    assert active_personal_model(db) is None
    set_setting(db, MODEL_KEY, None)
    assert active_personal_model(db) == str(personal_model)
    db.close()


def test_scan_review_learn_from_the_command_line(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    photo = sorted((synthetic_data.parent / "images" / "val").glob("*.png"))[0]
    assert (
        main(
            [
                "scan",
                str(photo),
                "--model",
                str(tiny_model),
                "--conf",
                "0.01",
                "--save",
                "--json",
                "--home",
                home,
            ]
        )
        == 0
    )
    scan_id = json.loads(capsys.readouterr().out)["scan_id"]
    assert main(["review", str(scan_id), "--json", "--home", home]) == 0
    view = json.loads(capsys.readouterr().out)
    (p,) = view["photos"]
    assert p["path"] == str(photo)
    corrections = tmp_path / "c.json"
    corrections.write_text(
        json.dumps({"add": [{"photo": p["photo_id"], "name": "pickles", "box": [2, 2, 40, 40]}]})
    )
    assert main(["review", str(scan_id), "--apply", str(corrections), "--json", "--home", home]) == 0
    applied = json.loads(capsys.readouterr().out)
    assert applied["learned"]["photos"] == 1 and applied["added"]
    assert main(["inventory", "--json", "--home", home]) == 0
    assert "pickles" in capsys.readouterr().out
    assert main(["learn", "--json", "--home", home]) == 0
    learned = json.loads(capsys.readouterr().out)
    assert learned["status"] == "kept" and learned["photos"] == 1 and "reason" in learned
    assert main(["learn", "--rollback", "--home", home]) == 2
    assert "nothing to roll back" in capsys.readouterr().err
    assert main(["review", str(scan_id), "--reject", "abc", "--home", home]) == 2
    assert main(["review", "99", "--home", home]) == 2


def test_a_detections_crop_is_saved_for_the_question(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    home = str(tmp_path / "home")
    photo = sorted((synthetic_data.parent / "images" / "val").glob("*.png"))[0]
    assert main(["scan", str(photo), "--model", str(tiny_model), "--save", "--json", "--home", home]) == 0
    scan_id = json.loads(capsys.readouterr().out)["scan_id"]
    assert main(["review", str(scan_id), "--add", "widget@10,20,50,60", "--json", "--home", home]) == 0
    added = json.loads(capsys.readouterr().out)["added"][0]
    out = tmp_path / "crop.png"
    assert (
        main(["review", str(scan_id), "--crop", str(added), "--out", str(out), "--json", "--home", home]) == 0
    )
    assert json.loads(capsys.readouterr().out)["crop"] == str(out)
    assert Image.open(out).size == (40, 40)
    assert main(["review", str(scan_id), "--crop", "5", "--home", home]) == 2


def test_a_personal_model_keeps_every_class_of_its_base_and_adds_the_users_new_names(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path
) -> None:
    """A class the user has not labelled yet must not be forgotten: the grown head is the base's classes,
    then the new names, and the user's labels are renumbered onto it."""
    import torch

    base = torch.load(tiny_model, map_location="cpu", weights_only=False)
    known = [str(n) for _, n in sorted((base.get("ema") or base["model"]).names.items())]
    user = ["pickles", known[-1]]  # a new name, and one the base knows (in the user's own order)
    head = personal.head_names(tiny_model, user)
    assert head == [*known, "pickles"]
    grown = personal.grow_model(tiny_model, head)
    assert [grown.names[i] for i in range(len(head))] == head
    photo = personal.LabelledPhoto(tmp_path / "p.jpg", ((0, 0.5, 0.5, 0.1, 0.1), (1, 0.2, 0.2, 0.1, 0.1)))
    (moved,) = personal.renumbered([photo], user, head)
    assert [b[0] for b in moved.boxes] == [head.index("pickles"), head.index(known[-1])]
    assert moved.boxes[0][1:] == photo.boxes[0][1:]


def test_training_greys_out_what_nobody_named_but_keeps_a_labelled_box_inside_it(tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "shelf.png"
    Image.new("RGB", (200, 100), (200, 30, 30)).save(photo)
    # the left half is an unanswered question; a labelled item sits inside it, from (20, 20) to (60, 60)
    labelled = personal.LabelledPhoto(photo, ((0, 0.2, 0.4, 0.2, 0.4),), unknown=((0.0, 0.0, 0.5, 1.0),))
    image = personal._training_image(labelled)
    assert image.getpixel((90, 80)) == personal.UNKNOWN_GREY  # unknown, not background
    assert image.getpixel((40, 40)) == (200, 30, 30)  # the labelled item stays what it is
    assert image.getpixel((150, 50)) == (200, 30, 30)  # outside the question, untouched
