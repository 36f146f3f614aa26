"""双评价: block rasters, terrain, scoring, AHP, the guideline's tables and presets, carrying capacity."""
