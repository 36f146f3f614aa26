"""The workspace schema read from a standard planning database (core.control_lines.workspace)."""


def test_the_workspace_is_found_in_a_standard_planning_database_under_the_standards_names():
    from multiplan.core.control_lines.workspace import load_schema, schema_for_layers, standard_view
    from multiplan.core.database.schema import load_schema as load_database_schema

    schema = load_schema()
    assert schema_for_layers(schema, ["STBHHX", "YJJBNT", "CZKFBJ", "SQ", "GHYT", "XZQ"]) is schema
    view = schema_for_layers(schema, ["XJXZQ", "XZJXZQ", "STBHHX", "YJJBNT", "CZKFBJ", "SQ", "GHYDYH", "GHFQ"])
    assert [spec.name for spec in view.layers] == [spec.name for spec in standard_view(schema).layers]
    assert {spec.role: spec.name for spec in view.layers}["plan"] == "GHYDYH"
    assert view.layer_for_role("zones").code_field == "SQDM" and view.layer("GHYDYH").code_field == "YDYHFLDM"
    # every field the view writes exists in the standard's layer of the same name
    database = load_database_schema()
    for spec in view.layers:
        standard = database.layer(spec.name)
        assert standard is not None, spec.name
        assert all(standard.field(name) is not None for name in spec.field_names()), spec.name
    # draw types draw into the renamed layers with renamed values; fields the standard lacks are dropped
    urban = view.draw_type("urban_space")
    assert urban.layer == "SQ" and urban.values["SQDM"] == "1" and "KJLXDM" not in urban.values
    assert view.draw_type("ecological").values == {}  # HXLX has no field in the standard's STBHHX
    assert set(view.draw_type("urban_boundary").avoid) == {"STBHHX", "YJJBNT"}
