"""Larder data package."""
