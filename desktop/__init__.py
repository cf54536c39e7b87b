"""Larder desktop package."""
