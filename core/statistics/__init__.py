"""Figures of a layer: land-use areas and transfer matrices (地类面积统计), indicators (规划指标)."""
