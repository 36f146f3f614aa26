"""Wordings the statistics and 双评价 reports share, in both languages (see :mod:`core.report`).

* :data:`ELLIPSOIDAL`, :data:`CELL_AREAS`: how a report names its area method;
* :class:`Term`: a short label (a class, a verdict, a unit name) that bilingual reports keep in
  Chinese, as they always did, and English reports give in English;
* :func:`text`: a :class:`Text` sentence whose arguments may be :class:`Text` themselves;
* :func:`sheet_name`: a sheet's name in the report language (bilingual workbooks keep the
  Chinese or bilingual name they always had, so scripts reading them keep working);
* :func:`name_columns`, :func:`english_name_header`, :func:`csv_header`: indicator tables' columns;
* :func:`file_name`: a file as deliverables name it (never where it lay on one machine);
* :func:`input_name`: a raster input as Chinese reports name it (:mod:`core.suitability.raster_blocks` logs).
"""
import re
from dataclasses import dataclass

from .report import EN, ZH, Text, current_language, pick, single

ELLIPSOIDAL = Text("椭球面积，CGCS2000 椭球", "ellipsoidal, CGCS2000 ellipsoid")
CELL_AREAS = Text("椭球面积，CGCS2000 椭球（像元面积）", "ellipsoidal, CGCS2000 ellipsoid (cell areas)")
NONE = "—"


@dataclass(frozen=True)
class Term(Text):
    """A label written as ``zh`` in Chinese and bilingual reports and ``en`` in English ones."""

    def __str__(self):
        return single(self)

    def format(self, *args, **kwargs):
        return Term(self.zh.format(*args, **kwargs), self.en.format(*args, **kwargs))


def text(zh, en, *args, **kwargs):
    """``Text(zh, en)`` filled with ``args``: an argument that is a :class:`Text` gives its Chinese
    wording to the Chinese sentence and its English wording to the English one."""
    def side(values, language):
        return [getattr(value, language) if isinstance(value, Text) else value for value in values]

    zh_kwargs = dict(zip(kwargs, side(kwargs.values(), "zh")))
    en_kwargs = dict(zip(kwargs, side(kwargs.values(), "en")))
    return Text(zh.format(*side(args, "zh"), **zh_kwargs), en.format(*side(args, "en"), **en_kwargs))


def joined(parts, zh_separator="；", en_separator="; ", term=False):
    """Parts (:class:`Text` or plain strings, empty ones left out) joined into one :class:`Text`
    (a :class:`Term` with ``term``: Chinese in bilingual reports)."""
    parts = [part for part in parts if part]
    zh = zh_separator.join(part.zh if isinstance(part, Text) else str(part) for part in parts)
    en = en_separator.join(part.en if isinstance(part, Text) else str(part) for part in parts)
    return Term(zh, en) if term else Text(zh, en)


def sheet_name(zh, en, bilingual=None):
    """``zh`` in a Chinese report, ``en`` in an English one, ``bilingual`` (default ``zh``) in a bilingual one."""
    language = current_language()
    if language == ZH:
        return zh
    if language == EN:
        return en
    return bilingual or zh


def name_columns():
    """An indicator table's name columns in the report language: Chinese, English, or both."""
    return {ZH: ["name_zh"], EN: ["name_en"]}.get(current_language(), ["name_zh", "name_en"])


def english_name_header():
    """The English name's column: "Indicator" in an English report (the only name), else "Indicator (en)"."""
    return "Indicator" if current_language() == EN else "Indicator (en)"


def csv_header(headers, column):
    """A CSV column's header in the report language; ``headers``: {column: (zh, en)}."""
    if column == "name_en" and current_language() == EN:
        return english_name_header()
    return pick(*headers[column])


def file_name(path):
    """The last part of a path, whichever separator it uses (``C:\\数据\\a.csv`` → ``a.csv``)."""
    text = str(path)
    return re.split(r"[\\/]", text.rstrip("\\/"))[-1] if text else text


# --------------------------------------------------------------------------- raster input names

#: Inputs as core names them for run_blocks → Chinese.
_INPUT_NAMES = {
    "evaluation area": "评价范围", "area": "评价范围", "parcels": "地块", "small parcels": "小地块", "DEM": "DEM",
    "protected": "自然保护地", "zones": "行政区", "classes": "分类栅格", "exclusion": "生态保护极重要区",
    "ecology": "生态保护重要性", "the evaluation": "评价格网", "levels": "等级栅格", "contiguity": "集中连片度",
    "raster": "栅格", "ids": "地块编号", "small": "小地块编号", "values": "数值栅格", "score": "评价分值",
    "water": "水资源", "climate": "气候", "soil_pollution": "土壤污染", "salinization": "盐渍化", "silt": "粉砂含量",
    "hazard": "灾害", "hazard2": "第二种灾害", "air": "大气环境", "water_env": "水环境", "location": "区位",
}
_NUMBERED = {"constraint": "约束", "service": "生态系统服务功能重要性", "sensitivity": "生态敏感性"}


def input_name(name):
    """An input of a raster run in Chinese: ``factor “坡度”`` → ``因子“坡度”``, ``constraint 2`` → ``约束 2``."""
    factor = re.fullmatch(r"factor “(.*)”", name)
    if factor:
        return f"因子“{factor.group(1)}”"
    numbered = re.fullmatch(r"(\w+) (\d+)", name)
    if numbered and numbered.group(1) in _NUMBERED:
        return f"{_NUMBERED[numbered.group(1)]} {numbered.group(2)}"
    return _INPUT_NAMES.get(name, name)


def alignment(line):
    """A line of ``run_blocks``' log (what was aligned to which grid, and how) as :class:`Text`."""
    return line if isinstance(line, Text) else Text(str(line), str(line))
