"""Series of essays: the pure model, the links between parts, and the series pages."""
