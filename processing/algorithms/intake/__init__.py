"""Algorithms of the Processing group "Data intake and quality" (group id ``data``)."""
