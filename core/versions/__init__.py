"""动态更新: the versioned blueprint store, approved changes applied as new versions, versions compared."""
