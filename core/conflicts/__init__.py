"""差异图斑 and 一张蓝图: detection, suggested decisions, review, code refinement, the blueprint, the ledger."""
