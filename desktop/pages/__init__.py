"""One page per module: Fridge, Inventory, Health, Plan, Cart & Orders, Settings."""
