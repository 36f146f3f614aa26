"""The planning database schema is editable data: a bad edit is refused with the file and the line."""
import pytest

from multiplan.core.database.schema import COLUMNS, DEFAULT_SCHEMA, SchemaError, load_schema

HEADER = ",".join(COLUMNS)
GOOD = "XZQ,行政区,Polygon,1000600200,M,county,BSM,标识码,Int,10,,M,,,yes,test"


def write(tmp_path, *lines, name="省级变体.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_a_good_file_is_read_with_its_domains(tmp_path):
    path = write(tmp_path, HEADER, GOOD,
                 "XZQ,行政区,Polygon,1000600200,M,county,LX,类型,Char,2,,O,codes:1=城镇|2=农业,,UNVERIFIED,test",
                 "XZQ,行政区,Polygon,1000600200,M,county,MJ,面积,Double,15,2,M,range:0..,mu,yes,test")
    schema = load_schema(path)
    layer = schema.layer("xzq")
    assert schema.county_layer is layer and [f.name for f in layer.fields] == ["BSM", "LX", "MJ"]
    assert layer.field("lx").domain.codes == {"1": "城镇", "2": "农业"} and not layer.field("LX").verified
    assert layer.field("MJ").domain.minimum == 0 and layer.field("MJ").domain.maximum is None
    assert [f.name for f in layer.area_fields] == ["MJ"]


def test_a_gbk_file_saved_by_excel_is_read(tmp_path):
    path = write(tmp_path, HEADER, GOOD, encoding="gbk")
    assert load_schema(path).layer("XZQ").alias == "行政区"


@pytest.mark.parametrize("line, zh_part", [
    ("XZQ,行政区,Polygon,1000600200,M,county,MC,名称,Text,10,,M,,,yes,test", "类型 “Text” 未知"),
    ("XZQ,行政区,Polygon,1000600200,M,county,MC,名称,Char,ten,,M,,,yes,test", "length “ten”"),
    ("XZQ,行政区,Polygon,1000600200,M,county,MC,名称,Char,10,,X,,,yes,test", "约束条件 “X”"),
    ("XZQ,行政区,Polygon,1000600200,M,county,MC,名称,Char,10,,M,list:1|2,,yes,test", "值域 “list:1|2” 无法识别"),
    ("XZQ,行政区,Polygon,1000600200,M,county,MC,名称,Char,10,,M,table:dlbm,,yes,test", "代码表 “dlbm” 未知"),
    ("XZQ,行政区,Polygon,1000600200,M,county,BSM,标识码,Int,10,,M,,,yes,test", "字段 BSM 重复"),
    ("XZQ,行政区,Polyline,1000600200,M,county,MC,名称,Char,10,,M,,,yes,test", "几何类型 “Polyline” 未知"),
    ("XZQ,行政区,Polygon,1000600200,M,gapless,MC,名称,Char,10,,M,,,yes,test", "图层规则 gapless 未知"),
    ("XZQ,行政区,Polygon,1000600200,M,county,MC,名称,Char,10,,M,", "单元格"),
    ('XZQ,行政区,Polygon,1000600200,M,county,MC,"名称,Char,10,,M,,,yes,test', "单元格"),
])
def test_a_bad_row_names_the_file_and_its_line(tmp_path, line, zh_part):
    path = write(tmp_path, HEADER, GOOD, line)
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    error = raised.value
    assert error.line == 3 and error.path == str(path)
    assert "省级变体.csv 第 3 行" in error.text.zh and "省级变体.csv, line 3" in error.text.en
    assert zh_part in error.text.zh


def test_a_missing_column_or_file_is_refused(tmp_path):
    path = write(tmp_path, "layer,field,type", "XZQ,BSM,Int")
    with pytest.raises(SchemaError, match="line 1: missing column"):
        load_schema(path)
    with pytest.raises(SchemaError, match="does not exist"):
        load_schema(tmp_path / "none.csv")


def test_the_bundled_standard_loads_and_every_layer_has_bsm_and_ysdm():
    schema = load_schema(DEFAULT_SCHEMA)
    assert schema.county_layer is not None
    for layer in schema.layers.values():
        assert layer.field("BSM") is not None, layer.name
        assert layer.geometry == "None" or layer.field("YSDM") is not None, layer.name  # tables have no 要素代码
        assert layer.ysdm == "" or (len(layer.ysdm) == 10 and layer.ysdm.isdigit()), layer.name
    covering = [layer.name for layer in schema.layers.values() if "cover_county" in layer.rules]
    assert covering, "the zones and the land-use plan must cover the county"
