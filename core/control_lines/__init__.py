"""三区三线: the checks, the drawing workspace, project pre-review (项目空间预审) and site selection."""
