"""Algorithms of the Processing group "Suitability evaluation (双评价)" (group id ``suitability``)."""
