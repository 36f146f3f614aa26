"""Algorithms of the Processing group "Blueprint versions and monitoring" (group id ``versions``)."""
