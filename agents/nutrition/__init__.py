"""Nutrition agent: targets, supply from the fridge, deficits and explained recommendations."""
