"""The inventory: what detections become (counts in each ingredient's unit), scans saved to the
database, the way a later scan updates the fridge, and hand edits with history and undo."""
