"""Offline scripts that prepare data for, train and document the bundled fridge detector.

They run on a developer machine, not in the app: nothing here is imported by Larder at run time.
"""
