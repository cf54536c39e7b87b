"""Reusable widgets: header, cards, drop zone, rail, photo view, bars, chips, task progress."""
