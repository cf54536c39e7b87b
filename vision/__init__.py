"""Larder vision package."""
