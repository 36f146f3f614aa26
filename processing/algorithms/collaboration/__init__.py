"""Algorithms of the Processing group "Department collaboration" (group id ``collaboration``)."""
