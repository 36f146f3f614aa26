"""MultiPlan's Processing provider and algorithms (thin adapters around ``core``)."""
