"""Product providers behind one interface: the offline catalog, Kroger, Instacart, Open Food Facts."""
