"""The vision tests use the session's synthetic shapes data set and the tiny YOLO model trained on it
once (`synthetic_data`, `tiny_model` in tests/conftest.py)."""
