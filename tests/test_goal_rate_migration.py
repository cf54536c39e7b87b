"""Revision 0006: a database from 0005 with a profile keeps every value and gains a goal rate that reads
"default" (None); the new field is then stored and read back, and the revision downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from data.db import MIGRATIONS_DIR, SCHEMA_REVISION, Database, current_revision, make_engine, migrate
from data.models import Profile


def test_a_0005_database_with_a_profile_keeps_it_and_gains_the_rate(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate(engine, "0005_detection_review")
    with engine.begin() as conn:
        columns = [row[1] for row in conn.execute(text("PRAGMA table_info('profile')"))]
        assert "goal_rate_kg_per_week" not in columns  # really the old schema
        conn.execute(
            text(
                "INSERT INTO profile (id, sex, birth_date, height_cm, weight_kg, goal, activity_level, diet,"
                " allergies, dislikes, user_set, imported, updated_at) VALUES (1, 'female', '1990-05-04',"
                " 168.0, 71.5, 'lose', 'light', 'vegetarian', '[\"peanuts\"]', '[\"olive\"]',"
                " '[\"goal\", \"weight_kg\"]', '{}', '2026-11-30 10:00:00')"
            )
        )
    engine.dispose()

    db = Database(path)  # opening upgrades
    try:
        assert current_revision(db.engine) == SCHEMA_REVISION  # 0006 and any revision after it
        with db.session() as s:
            row = s.get(Profile, 1)
            assert row is not None
            assert (row.sex, str(row.birth_date), row.height_cm, row.weight_kg) == (
                "female", "1990-05-04", 168.0, 71.5
            )  # fmt: skip
            assert (row.goal, row.activity_level, row.diet) == ("lose", "light", "vegetarian")
            assert (row.allergies, row.dislikes, row.user_set) == (
                ["peanuts"],
                ["olive"],
                ["goal", "weight_kg"],
            )
            assert row.goal_rate_kg_per_week is None  # the default pace: plans come out as before
            row.goal_rate_kg_per_week = 0.5
            s.add(row)
        with db.session() as s:
            again = s.get(Profile, 1)
            assert again is not None and again.goal_rate_kg_per_week == 0.5
    finally:
        db.close()


def test_0006_downgrades_without_losing_the_rest_of_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "larder.db"
    engine = make_engine(path)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO profile (id, goal, goal_rate_kg_per_week, allergies, dislikes, user_set, imported,"
                " updated_at) VALUES (1, 'gain', 0.25, '[]', '[]', '[]', '{}', '2026-11-30 10:00:00')"
            )
        )
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_detection_review")
    with engine.connect() as conn:
        columns = [row[1] for row in conn.execute(text("PRAGMA table_info('profile')"))]
        assert "goal_rate_kg_per_week" not in columns
        assert conn.execute(text("SELECT goal FROM profile WHERE id = 1")).scalar() == "gain"
    engine.dispose()
