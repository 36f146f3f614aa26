"""Algorithms of the Processing group "Maps and query" (group id ``maps``)."""
