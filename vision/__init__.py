"""Larder's eyes: photo loading, the detector (ultralytics, loaded lazily), label mapping to the taxonomy,
counting, training and evaluation. Never touches storage; the agents package saves what it returns."""
