"""国土空间规划数据库: the standard's schema as editable data, the 汇交 quality check (质检) and the export (成果建库)."""
