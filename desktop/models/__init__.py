"""Qt item models over the frozen rows of desktop.queries."""
