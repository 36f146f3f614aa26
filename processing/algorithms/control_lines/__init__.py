"""Algorithms of the Processing group "Control lines and project review" (group id ``control``)."""
