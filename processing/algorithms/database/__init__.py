"""Algorithms of the Processing group "Planning database" (group id ``database``)."""
