"""What each thematic map shows: its layers (top first), legend, table and note, composed on a
:class:`.map_layouts.MapBook`. The tables' figures come from :mod:`...core.maps.thematic`."""
from qgis.core import QgsLayoutItemMap
from qgis.PyQt.QtCore import Qt

from ..core.maps import thematic as th
from ..core.report import Text, single
from .map_layouts import home_township_renderer, overview_frame

#: Layers drawn in each map, top first (absent ones are left out).
MAP_LAYERS = {
    "zones_lines": ("townships", "county", "urban", "ecological", "farmland", "zones"),
    "landuse": ("townships", "county", "blueprint"),
    "patches": ("townships", "county", "patches"),
    "ecological_importance": ("townships", "county", "ecological_importance"),
    "agricultural": ("townships", "county", "agricultural"),
    "urban_suitability": ("townships", "county", "urban_suitability"),
    "violations": ("townships", "county", "violations", "urban", "ecological", "farmland"),
}
#: Legend entries of each map, in reading order.
LEGEND_LAYERS = {
    "zones_lines": ("zones", "ecological", "farmland", "urban", "townships", "county"),
    "landuse": ("blueprint", "townships", "county"),
    "patches": ("patches", "townships", "county"),
    "ecological_importance": ("ecological_importance", "townships", "county"),
    "agricultural": ("agricultural", "townships", "county"),
    "urban_suitability": ("urban_suitability", "townships", "county"),
    "violations": ("violations", "ecological", "farmland", "urban", "townships", "county"),
}
TABLE_TITLES = {"landuse": Text("用地用海结构（一级类）", "Land and sea use structure (level 1)"),
                "patches": Text("差异图斑统计", "Difference patches by type"),
                "violations": Text("控制线检查问题统计", "Control line problems by rule")}


def county_map(book, kind, tables, crs_name):
    """A county-wide thematic map of ``kind`` (not the project maps): returns its layout."""
    layout = book.new_layout(th.file_stem(kind), th.map_title(kind, book.place))
    extent = book.extent_of("county")
    shown = [key for key in MAP_LAYERS[kind.key] if key in book.layers]
    map_item = book.map_item(layout, shown, extent)
    book.north_arrow(layout, map_item)
    book.scale_bar(layout, map_item)
    legend = book.legend(layout, map_item, LEGEND_LAYERS[kind.key], book.page.panel.y)
    rows = tables.get(kind.key)
    if rows is not None:  # at the foot of the panel, the legend above it
        headers, cells = th.table_text(rows, with_count=kind.key != "landuse")
        height = book.table_height(len(cells))
        top = book.page.panel.bottom - height
        heading = th.Box(book.page.panel.x, top - 7 * book.page.scale, book.page.panel.width, 6 * book.page.scale)
        book.label(layout, single(TABLE_TITLES[kind.key]), heading, book.text_format(10, bold=True))
        book.table(layout, headers, cells, top)
        book.fit_legend(legend, heading.y - book.page.panel.y)
    book.note(layout, [book.names[key] for key in shown], crs_name)
    return layout


def project_maps(book, kind, crs_name):
    """One page per project (an atlas over the project sheet, see map_layouts.write_project_sheet):
    the project and the lines around it, an overview of the county with the project's township,
    and the project's number, name, area and townships."""
    layout = book.new_layout(th.file_stem(kind), "")
    title = single(f"{book.place}{kind.title.zh}——", f"{book.place} project location: ")
    book.label(layout, title + '[% coalesce("XMMC", "XMBH") %]', book.page.title, book.text_format(20, bold=True),
               Qt.AlignHCenter)
    atlas = layout.atlas()
    atlas.setCoverageLayer(book.layers["projects"])
    atlas.setEnabled(True)
    atlas.setPageNameExpression('"XMBH"')
    atlas.setFilenameExpression(f"'{th.file_stem(kind)}_' || coalesce(\"XMBH\", @atlas_featureid)")
    shown = [key for key in ("projects", "townships", "county", "urban", "ecological", "farmland")
             if key in book.layers]
    main = book.map_item(layout, shown, book.extent_of("projects"))
    main.setAtlasDriven(True)
    main.setAtlasScalingMode(QgsLayoutItemMap.Auto)
    main.setAtlasMargin(6.0)  # the project and some 13 times its size around it: its setting
    book.north_arrow(layout, main)
    book.scale_bar(layout, main)
    panel, s = book.page.panel, book.page.scale
    overview_box = th.Box(panel.x, panel.y, panel.width, panel.width * 0.75)
    overview_keys = [key for key in ("projects", "home_township", "townships", "county") if key in book.layers]
    overview = book.map_item(layout, overview_keys, book.extent_of("county"), overview_box, grid=False)
    overview_frame(overview, main)
    lines = [single("项目编号：", "Number: ") + '[% "XMBH" %]', single("项目名称：", "Name: ") + '[% "XMMC" %]',
             single("用地面积：", "Area: ") + "[% format_number(\"MJGQ\", 4) %] " + single("公顷", "ha")
             + single("（", " (") + "[% format_number(\"MJMU\", 2) %] " + single("亩）", "mu)"),
             single("所在乡镇：", "Townships: ") + '[% "SZXZ" %]',
             single("面积为 CGCS2000 椭球面积", "Areas: ellipsoidal, CGCS2000 ellipsoid")]
    info = th.Box(panel.x, overview_box.bottom + 3 * s, panel.width, 30 * s)
    book.label(layout, "\n".join(lines), info, book.text_format(9))
    book.legend(layout, main, [key for key in ("projects", "home_township", "ecological", "farmland", "urban",
                                               "townships", "county") if key in book.layers], info.bottom + 3 * s)
    book.note(layout, [book.names[key] for key in shown], crs_name)
    return layout


def style_home_township(book):
    """A second townships layer for the project maps: the project's township filled."""
    townships = book.layers.get("townships")
    if townships is None:
        return
    book.add_vector("home_township", townships, single("项目所在乡镇", "Township of the project"),
                    home_township_renderer())
