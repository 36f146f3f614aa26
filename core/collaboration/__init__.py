"""部门协同: the shared review of difference patches on PostgreSQL/PostGIS (schema, roles, opinions, ledgers)."""
