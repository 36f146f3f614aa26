"""Algorithms of the Processing group "Statistics and indicators" (group id ``statistics``)."""
