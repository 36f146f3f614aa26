"""Algorithms of the Processing group "Multi-plan conflicts and blueprint" (group id ``conflicts``)."""
