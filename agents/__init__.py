"""Larder agents package."""
