"""Cart agent: choose products and quantities that close the gaps within a budget, save and export orders."""
