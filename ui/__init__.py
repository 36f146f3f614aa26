"""Docks, map tools and Qt models of MultiPlan (the desktop half)."""
