<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>@default</name>
    <message>
        <location filename="../processing/raster_inputs.py" line="28"/>
        <source>“{}” is not a raster file that GDAL can read block by block; save it as GeoTIFF first.</source>
        <translation>“{}”不是 GDAL 可分块读取的栅格文件；请先将其另存为 GeoTIFF。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="31"/>
        <source>Raster “{}” has no coordinate reference system. Assign one (e.g. with “Assign projection”), then run again.</source>
        <translation>栅格“{}”没有坐标参考系。请先指定坐标系（例如使用“指定投影”），再重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="81"/>
        <source>The vector layers have no features, so there is no area to evaluate.</source>
        <translation>矢量图层没有要素，因此没有可评价的区域。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="108"/>
        <source>“{}” is not a vector layer.</source>
        <translation>“{}”不是矢量图层。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="122"/>
        <source>Cannot rasterise “{}”: {}</source>
        <translation>无法栅格化“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="124"/>
        <source>“{}” has no features with a geometry on the evaluation grid.</source>
        <translation>“{}”在评价网格上没有带几何的要素。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="139"/>
        <source>Cannot rasterise the admin units: {}</source>
        <translation>无法栅格化行政区：{}</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="149"/>
        <source>Field “{}” of “{}” holds “{}”, not a number.</source>
        <translation>字段“{}”（图层“{}”）的值为“{}”，不是数字。</translation>
    </message>
    <message>
        <location filename="../ui/common.py" line="93"/>
        <source>the layer is set read-only in the project</source>
        <translation>该图层在项目中被设为只读</translation>
    </message>
    <message>
        <location filename="../ui/common.py" line="96"/>
        <source>the file {} (or its folder) is read-only</source>
        <translation>文件 {}（或其所在文件夹）为只读</translation>
    </message>
    <message>
        <location filename="../ui/common.py" line="98"/>
        <source>its data source cannot be edited</source>
        <translation>其数据源不可编辑</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="65"/>
        <source>Cannot add fields: {}.</source>
        <translation>无法添加字段：{}。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="70"/>
        <source>The review fields could not be added to {}.</source>
        <translation>无法向 {} 添加审查字段。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="111"/>
        <source>{} is read-only: {}.</source>
        <translation>{} 为只读：{}。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="113"/>
        <source>{} is in edit mode (e.g. in the attribute table). Save or discard those edits first: decisions are written straight to the file.</source>
        <translation>{} 正处于编辑状态（例如在属性表中）。请先保存或放弃这些编辑：处理决定会直接写入文件。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="118"/>
        <source>The layer lacks review fields: {}.</source>
        <translation>图层缺少审查字段：{}。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="120"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="121"/>
        <source>The decision could not be saved: {}</source>
        <translation>无法保存处理决定：{}</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="33"/>
        <source>Patch</source>
        <translation>图斑编号</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="33"/>
        <source>Type</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="33"/>
        <source>Admin unit</source>
        <translation>行政区</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="33"/>
        <source>Mu (亩)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="33"/>
        <source>Suggestion</source>
        <translation>建议处理</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="33"/>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <location filename="../ui/review_model.py" line="34"/>
        <source>Status</source>
        <translation>审查状态</translation>
    </message>
    <message>
        <location filename="../ui/workspace_layers.py" line="44"/>
        <source>{} already exists; open it instead of creating it.</source>
        <translation>{} 已存在；请直接打开，不要新建。</translation>
    </message>
    <message>
        <location filename="../ui/workspace_layers.py" line="46"/>
        <source>Choose a coordinate reference system for the new workspace.</source>
        <translation>请为新工作空间选择坐标参考系。</translation>
    </message>
    <message>
        <location filename="../ui/workspace_layers.py" line="59"/>
        <source>Cannot write {}: {}</source>
        <translation>无法写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../ui/workspace_layers.py" line="93"/>
        <source>{} does not exist.</source>
        <translation>{} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/workspace_layers.py" line="185"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="36"/>
        <source>all inputs share this CRS</source>
        <translation>所有输入图层坐标系相同</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="37"/>
        <source>the CGCS2000 Gauss-Kruger CRS most inputs use; the others are reprojected to it</source>
        <translation>多数输入图层使用的 CGCS2000 高斯-克吕格坐标系，其余图层重投影到该坐标系</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="38"/>
        <source>the first projected input CRS; the others are reprojected to it</source>
        <translation>第一个投影坐标系的输入图层的坐标系，其余图层重投影到该坐标系</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="39"/>
        <source>inputs are geographic; reprojected to the first input&apos;s CRS</source>
        <translation>输入均为地理坐标系，重投影到第一个输入图层的坐标系</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="43"/>
        <source>3-degree zone {} of the layer</source>
        <translation>图层所在的 3 度带第 {} 带</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="45"/>
        <source>3-degree zone {} of the data&apos;s mean longitude</source>
        <translation>按数据平均经度确定的 3 度带第 {} 带</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="52"/>
        <source>they look like longitude/latitude (CGCS2000 geographic, EPSG:4490)</source>
        <translation>看起来是经纬度（CGCS2000 地理坐标，EPSG:4490）</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="54"/>
        <source>they look like {} (the zone number is in the easting)</source>
        <translation>看起来是 {}（横坐标带有带号）</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="56"/>
        <source>they look like Gauss-Kruger coordinates without the zone number in the easting (e.g. EPSG:4548 = CGCS2000 3-degree zone with CM 117°E); which zone cannot be told from the coordinates</source>
        <translation>看起来是横坐标不带带号的高斯-克吕格坐标（如 EPSG:4548 = 中央经线 117°E 的 CGCS2000 3 度带），无法从坐标判断所在分带</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="59"/>
        <source>they look like neither CGCS2000 longitude/latitude nor Gauss-Kruger coordinates</source>
        <translation>既不像 CGCS2000 经纬度，也不像高斯-克吕格坐标</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="64"/>
        <source>x {:,.3f} to {:,.3f}, y {:,.3f} to {:,.3f}</source>
        <translation>x {:,.3f} 至 {:,.3f}，y {:,.3f} 至 {:,.3f}</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="69"/>
        <source>The coordinates of “{}” ({}) cannot lie in its CRS {}: {}. Assign the CRS the coordinates really are in (“Assign projection”, not “Reproject”), or fix the coordinates, then run again.</source>
        <translation>“{}”的坐标（{}）不可能位于其坐标参考系 {} 中：{}。请为其指定坐标实际所在的坐标参考系（使用“指定投影”，而不是“重投影”），或修正坐标，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="76"/>
        <source>Gauss-Kruger zone {} does not exist in the CGCS2000 {}-degree system (zones {} to {}): the data lies outside the zones of China.</source>
        <translation>CGCS2000 {1} 度分带中不存在第 {0} 带（带号 {2} 至 {3}）：数据位于我国分带范围之外。</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="82"/>
        <source>the eastings</source>
        <translation>横坐标</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="82"/>
        <source>带号 in the header</source>
        <translation>属性描述中的带号</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="83"/>
        <source> (line {})</source>
        <translation>（第 {} 行）</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="84"/>
        <source>line {}: zone {} (from {}) does not exist in the {}-degree system that 几度分带={}{} declares: {}-degree zones run from {} to {}. Correct 几度分带 or 带号 so that they match the eastings.</source>
        <translation>第 {0} 行：几度分带={4}{5} 所声明的 {3} 度分带中不存在第 {1} 带（来自{2}）：{6} 度带的带号为 {7} 至 {8}。请修正几度分带或带号，使其与横坐标一致。</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="92"/>
        <source>the input</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="102"/>
        <source>the projection enlarges lengths by {:.2f} % and areas by {:.2f} % ({:,.0f} m² per km²)</source>
        <translation>投影使长度放大 {:.2f}%，面积放大 {:.2f}%（每平方公里 {:,.0f} 平方米）</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="105"/>
        <source>the projection shrinks lengths by {:.2f} % and areas by {:.2f} % ({:,.0f} m² per km²)</source>
        <translation>投影使长度缩小 {:.2f}%，面积缩小 {:.2f}%（每平方公里 {:,.0f} 平方米）</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="108"/>
        <source>the data lies {:.1f}° from the central meridian {:g}°E, where {}</source>
        <translation>数据距中央经线 {1:g}°E 有 {0:.1f}°，在该处{2}</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="110"/>
        <source>at the data's centre ({:.2f}°E, {:.2f}°N) {}</source>
        <translation>在数据中心（{:.2f}°E，{:.2f}°N）处{}</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="118"/>
        <source>The CGCS2000 3-degree zone of these data is {}.</source>
        <translation>这些数据所在的 CGCS2000 3 度带为 {}。</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="120"/>
        <source>“{}” is in {}: {}. MultiPlan's areas are ellipsoidal and not affected, but planimetric areas, lengths and distances measured in this CRS are.</source>
        <translation>“{}”采用 {}：{}。MultiPlan 的面积为椭球面积，不受影响；但在该坐标参考系中量算的平面面积、长度和距离会受影响。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="60"/>
        <source>The evaluation grid's raster file has no coordinate reference system (or an undefined one). Assign one with “Assign projection”, save the raster as GeoTIFF, then run again.</source>
        <translation>评价格网的栅格文件没有坐标参考系（或为未定义坐标系）。请用“指定投影”为其指定坐标参考系，另存为 GeoTIFF，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="181"/>
        <source>{} is not stored in a GeoPackage.</source>
        <translation>{} 未存储在 GeoPackage 中。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="186"/>
        <source>{} is open in QGIS; choose another file.</source>
        <translation>{} 已在 QGIS 中打开，请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../ui/patch_store.py" line="210"/>
        <source>The copy {} could not be written: {}</source>
        <translation>无法写入副本 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="80"/>
        <source>Outputs “{}” and “{}” are the same file “{}”: give each its own file.</source>
        <translation>输出“{}”和“{}”是同一个文件“{}”：请为每个输出指定不同的文件。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="129"/>
        <source>Output folder “{}” ({}) is a file, not a folder.</source>
        <translation>输出文件夹“{}”（{}）是一个文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="133"/>
        <source>Output “{}” ({}) is a folder: give a file name.</source>
        <translation>输出“{}”（{}）是一个文件夹：请给出文件名。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="139"/>
        <source>Output “{}” ({}) would replace layer “{}”, an input of this run: choose another file name.</source>
        <translation>输出“{}”（{}）会替换本次运行的输入图层“{}”：请换一个文件名。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="143"/>
        <source>Output “{}” ({}) is an input of this run: choose another file.</source>
        <translation>输出“{}”（{}）是本次运行的输入：请换一个文件。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="164"/>
        <source>Cannot create the folder for output “{}” ({}): {}</source>
        <translation>无法创建输出“{}”（{}）所在的文件夹：{}</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="173"/>
        <source>Cannot write output “{}” ({}): its folder is not writable ({}).</source>
        <translation>无法写入输出“{}”（{}）：所在文件夹不可写（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="428"/>
        <source>Cannot put output “{}” ({}) in place: {}</source>
        <translation>无法将输出“{}”（{}）移到目标位置：{}</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="318"/>
        <source>Cannot add layer “{}” to “{}”: {}</source>
        <translation>无法将图层“{}”写入“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="322"/>
        <source>Layer “{}” was added to “{}” beside its other layers.</source>
        <translation>图层“{}”已写入“{}”，该文件中的其他图层保持不变。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="491"/>
        <source>Cannot write output “{}” ({}): the file is read-only.</source>
        <translation>无法写入输出“{}”（{}）：文件为只读。</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="496"/>
        <source>Cannot write output “{}” ({}): the file is open in another program or locked ({}).</source>
        <translation>无法写入输出“{}”（{}）：文件已被其他程序打开或锁定（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/crs_messages.py" line="30"/>
        <source>English</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="95"/>
        <source>Every input is a vector layer: give the cell size of the evaluation grid (e.g. 30 m).</source>
        <translation>所有输入均为矢量图层：请给出评价网格的像元大小（如 30 米）。</translation>
    </message>
    <message>
        <location filename="../processing/raster_inputs.py" line="98"/>
        <source>Evaluation grid: {} × {} cells of {:g} m.</source>
        <translation>评价网格：{} × {} 个像元，像元大小 {:g} 米。</translation>
    </message>
    <message>
        <location filename="../processing/store_io.py" line="27"/>
        <source>{} is not a blueprint store (made by the create blueprint store tool).</source>
        <translation>{} 不是一张蓝图版本库（由“创建一张蓝图版本库”工具生成）。</translation>
    </message>
    <message>
        <location filename="../processing/store_io.py" line="29"/>
        <source>The blueprint store has no such version: {}</source>
        <translation>一张蓝图版本库中没有该版本：{}</translation>
    </message>
    <message>
        <location filename="../processing/store_io.py" line="31"/>
        <source>No version of the blueprint store was approved on or before that date.</source>
        <translation>该日期及以前没有批准的一张蓝图版本。</translation>
    </message>
    <message>
        <location filename="../processing/store_io.py" line="67"/>
        <source>Could not write a feature to output {}: {}</source>
        <translation>无法向输出 {} 写入要素：{}</translation>
    </message>
    <message>
        <location filename="../processing/outputs.py" line="350"/>
        <source>Cannot replace the contents of “{}”: {}</source>
        <translation>无法替换“{}”的内容：{}</translation>
    </message>
    <message>
        <location filename="../processing/postgres.py" line="30"/>
        <source>QGIS has no saved PostgreSQL connection named “{}”.</source>
        <translation>QGIS 中没有名为“{}”的已保存 PostgreSQL 连接。</translation>
    </message>
    <message>
        <location filename="../processing/postgres.py" line="39"/>
        <source>Working with PostgreSQL needs the Python package psycopg2 (Debian/Ubuntu: apt install python3-psycopg2; it comes with QGIS on Windows).</source>
        <translation>连接 PostgreSQL 需要 Python 包 psycopg2（Debian/Ubuntu：apt install python3-psycopg2；Windows 版 QGIS 已自带）。</translation>
    </message>
    <message>
        <location filename="../processing/postgres.py" line="46"/>
        <source>Cannot connect to “{}”: {}</source>
        <translation>无法连接“{}”：{}</translation>
    </message>
    <message>
        <location filename="../ui/collaboration_store.py" line="53"/>
        <source>the role {} belongs to no department of the review</source>
        <translation>角色 {} 不属于协同审查中的任何部门</translation>
    </message>
    <message>
        <location filename="../ui/collaboration_store.py" line="109"/>
        <source>Only the coordinating department makes final decisions; give your department&apos;s opinion instead.</source>
        <translation>只有协调部门可以作出最终决定；请提交本部门意见。</translation>
    </message>
    <message>
        <location filename="../ui/collaboration_store.py" line="113"/>
        <source>Decisions on the shared review are never taken back: record a new decision (e.g. defer) instead.</source>
        <translation>协同审查中的决定不能撤回：请另作一个新决定（如暂缓）。</translation>
    </message>
    <message>
        <location filename="../ui/collaboration_store.py" line="139"/>
        <source>A shared review lives in the database; export the ledger instead.</source>
        <translation>协同审查保存在数据库中；请改为导出台账。</translation>
    </message>
    <message>
        <location filename="../ui/shared_review.py" line="20"/>
        <source>Open a shared review (PostGIS)</source>
        <translation>打开协同审查（PostGIS）</translation>
    </message>
    <message>
        <location filename="../ui/shared_review.py" line="25"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../ui/shared_review.py" line="26"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../ui/shared_review.py" line="53"/>
        <source>A shared review needs the Python package psycopg2 (Debian/Ubuntu: apt install python3-psycopg2).</source>
        <translation>协同审查需要 Python 包 psycopg2（Debian/Ubuntu：apt install python3-psycopg2）。</translation>
    </message>
    <message>
        <location filename="../ui/shared_review.py" line="58"/>
        <source>Cannot connect to the shared review: {}</source>
        <translation>无法连接协同审查数据库：{}</translation>
    </message>
</context>
<context>
    <name>AgriculturalSuitabilityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="241"/>
        <source>Agricultural production suitability (农业生产适宜性)</source>
        <translation>农业生产适宜性</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="244"/>
        <source>The guideline's agricultural production suitability (资源环境承载能力和国土空间开发适宜性评价指南), from a DEM and optional level rasters. Steps: 土地资源 from the slope (computed from the DEM, correct for geographic CRSs; classes ≤2°, 2–6°, 6–15°, 15–25°, &gt;25° → levels 1 高 … 5 低); the land × water and land × climate judgement matrices when those rasters are given; the rules (soil pollution 5 → lowest, 3 → down 1; salinisation 1 → down 1; silt content 0.6–0.8 → down 1, &gt; 0.8 → lowest; hazard 1 → level 1 becomes 2); 集中连片度: patches of usable land (levels 1–4) under 400 亩 / 150 亩 go down 1 / 2 levels; cells of 生态保护极重要区 (the ecology raster) become unsuitable; collapse 1–2 → 适宜, 3–4 → 一般适宜, 5 → 不适宜.

Level rasters use 1 = best … 5 = worst unless said otherwise; rules whose raster is not given are skipped and listed in the log and the report. Every threshold and matrix is a CSV table in the plugin's resources/suitability folder (the defaults follow an implementation of the 2019 draft and are UNVERIFIED against the 2020 text): copy the ones to change into a folder and give it as “folder of edited tables”.

Outputs: levels (1..5) and classes (1 适宜, 2 一般适宜, 3 不适宜) rasters with colours, and an Excel report: area per class and level in m², 公顷 and 亩 (ellipsoidal cell areas), per admin unit when given, the area each step changed, the tables used.</source>
        <translation>按《资源环境承载能力和国土空间开发适宜性评价指南》进行农业生产适宜性评价，基于 DEM 及可选的分级栅格。步骤：由坡度得出土地资源等级（坡度由 DEM 计算，地理坐标系下也能正确计算；按 ≤2°、2–6°、6–15°、15–25°、&gt;25° 分为等级 1 高 … 5 低）；给出相应栅格时，应用土地资源 × 水资源、土地资源 × 气候判断矩阵；修正规则（土壤污染 5 → 最低级，3 → 降 1 级；盐渍化 1 → 降 1 级；粉砂含量 0.6–0.8 → 降 1 级，&gt; 0.8 → 最低级；灾害 1 → 等级 1 降为 2）；集中连片度：可利用土地（等级 1–4）图斑面积小于 400 亩 / 150 亩的，分别降 1 / 2 级；生态保护极重要区（生态栅格）内的像元划为不适宜；归并：1–2 → 适宜，3–4 → 一般适宜，5 → 不适宜。

除另有说明外，分级栅格均为 1 = 最好 … 5 = 最差；未给出栅格的规则将被跳过，并在日志和报告中列出。所有阈值和矩阵均为插件 resources/suitability 文件夹中的 CSV 表（默认值依据 2019 年征求意见稿的一种实现，未对照 2020 年正式文本核实）：将需要修改的表复制到一个文件夹中，并将该文件夹作为“修改后的表格所在文件夹”给出。

输出：带配色的分级（1..5）和分类（1 适宜、2 一般适宜、3 不适宜）栅格，以及 Excel 报告：各分类、分级的面积（m²、公顷和亩，按椭球面上的像元面积计），给出行政区时按行政区统计，各步骤改变的面积，以及所用的表格。</translation>
    </message>
</context>
<context>
    <name>ApplyLineProposalsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="263"/>
        <source>Apply control-line proposals (采纳控制线优化建议)</source>
        <translation>采纳控制线优化建议</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="266"/>
        <source>Writes new control-line layers with the reviewed proposals of “Propose control-line adjustments” applied: those whose CN field says 是 (or 1, yes) are applied, those saying 否 (0, no) are not and stay recorded in the proposals layer; an empty CN is refused (review every proposal first). Removed ground is cut out of the line's features, which keep their attributes; added ground becomes new features. The inputs are only read.</source>
        <translation>按审查结果把“控制线优化建议”写入新的控制线图层：CN 字段为“是”（或 1、yes）的建议被采纳，为“否”（0、no）的不采纳并保留在建议图层中；CN 为空时拒绝运行（请先逐条审查）。减少的部分从该控制线的要素中扣除，要素保留其属性；增加的部分成为新要素。输入只读。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="274"/>
        <source>Reviewed proposals</source>
        <translation>已审查的优化建议</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="278"/>
        <source>Adjusted {}</source>
        <translation>调整后的{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="281"/>
        <source>Proposals applied</source>
        <translation>采纳的建议数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="282"/>
        <source>Proposals rejected</source>
        <translation>不采纳的建议数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="290"/>
        <source>“{}” has no field {}: give the proposals layer of “Propose control-line adjustments”.</source>
        <translation>“{}”没有字段 {}：请使用“控制线优化建议”输出的建议图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="308"/>
        <source>{} proposals applied, {} rejected.</source>
        <translation>采纳 {} 条建议，不采纳 {} 条。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="296"/>
        <source>Proposals {}: CN must say 是 (accepted) or 否 (rejected).</source>
        <translation>建议 {}：CN 须填写“是”（采纳）或“否”（不采纳）。</translation>
    </message>
</context>
<context>
    <name>AreaStatisticsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="37"/>
        <source>Land-use area statistics (地类面积统计, 转移矩阵)</source>
        <translation>地类面积统计（含转移矩阵）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="40"/>
        <source>Area of a land-use layer (e.g. 三调 DLTB, a plan, a blueprint) by class and admin unit, in m², 公顷 (ha) and 亩, measured on the CGCS2000 ellipsoid; optionally the transfer matrix (转移矩阵) of two versions or years.

Classes: the code field is read in the chosen standard (三调, 城规 GB 50137-2011, 土规, 用地用海 2023, or none) and counted at the chosen level: codes as they are, 一级类, 二级类 or 三级类. Levels follow the classification table, so e.g. 三调 0303 红树林地 counts under 00 湿地. Codes the table does not know are counted under their first characters (2/4/6 for 三调 and 用地用海, 1/2/3 for 城规 and 土规) and listed in the log; with standard “none” every code is grouped that way. Class names come from the table, else from the optional name field (e.g. DLMC). Empty codes are counted as （空代码）.

Admin units (optional, e.g. townships 乡镇 XZQ_XZ with XZQDM/XZQMC): parcels are cut by the units, so a parcel crossing two townships is split between them; ground outside every unit is its own column （未落入行政区）. Units sharing a code are one unit.

Comparison (optional): a second version (another year, a revised plan, or a plan against the survey) with its own code field, standard and level (default: as the input). Both versions are overlaid; the transfer matrix gives, where both cover the ground, the area with class X in the input (rows) and class Y in the comparison (columns), with row and column totals; the ground only one of them covers is reported apart. With the same standard and level, the area whose class changed is an output (CHANGED_M2).

Outputs: an Excel workbook (分类面积 pivot by admin unit in 公顷 with 小计 per 一级类 and 合计, the same in 亩 and m², 分类明细 per unit and class in all three units, with a comparison 转移矩阵 in 公顷 and 亩 and 面积变化 per class, and 说明), optionally a CSV (one row per admin unit and class: codes, names, m², 公顷, 亩; UTF-8 with BOM for Excel) and the transfer matrix as CSV in the chosen unit. Overlapping features within a layer are counted once (for the first) and reported; invalid geometries are repaired on a copy; features without geometry are not counted. Inputs are never modified.</source>
        <translation>按地类和行政区统计地类图层（如三调 DLTB、规划、一张蓝图）的面积，单位为平方米、公顷和亩，在 CGCS2000 椭球面上量算；可选输出两个版本或两个年份之间的转移矩阵。

地类：按所选标准（三调、城规 GB 50137-2011、土规、用地用海 2023 或无）读取代码字段，并按所选级别统计：原代码、一级类、二级类或三级类。级别以分类表为准，例如三调 0303 红树林地计入 00 湿地。分类表中没有的代码按其前几位字符归类（三调和用地用海取前 2/4/6 位，城规和土规取前 1/2/3 位），并在日志中列出；标准选“无”时，所有代码都按此方式归类。地类名称取自分类表，分类表中没有时取自可选的名称字段（如 DLMC）。空代码计为“（空代码）”。

行政区（可选，如乡镇 XZQ_XZ，含 XZQDM/XZQMC）：地块按行政区切分，跨两个乡镇的地块分别计入两个乡镇；不在任何行政区内的部分单列一栏“（未落入行政区）”。代码相同的行政区视为同一个行政区。

对比（可选）：第二个版本（另一年份、修改后的规划，或以规划对比调查），有各自的代码字段、标准和级别（默认与输入相同）。两个版本叠加后，转移矩阵给出两者共同覆盖范围内输入中为地类 X（行）、对比版本中为地类 Y（列）的面积，并附行合计和列合计；仅一方覆盖的范围另行报告。标准和级别相同时，地类发生变化的面积作为输出（CHANGED_M2）。

输出：Excel 工作簿（分类面积：按行政区以公顷为单位的透视表，按一级类小计并有合计，另有以亩和平方米为单位的同样表格；分类明细：按行政区和地类列出三种单位的面积；有对比时另有以公顷和亩为单位的转移矩阵及按地类的面积变化；以及说明），可选的 CSV（每个行政区和地类一行：代码、名称、平方米、公顷、亩；带 BOM 的 UTF-8，便于 Excel 打开），以及按所选单位输出的转移矩阵 CSV。图层内部相互重叠的要素只计一次（归排在前面的要素）并予以报告；无效几何在副本上修复；无几何的要素不计入。输入数据不会被修改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="69"/>
        <source>三调 working classification (GB/T 21010)</source>
        <translation>三调工作分类（GB/T 21010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="69"/>
        <source>城规 urban plan (GB 50137-2011)</source>
        <translation>城规（GB 50137-2011）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="70"/>
        <source>土规 land-use plan (TD/T 1024-2010)</source>
        <translation>土规（TD/T 1024-2010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="70"/>
        <source>用地用海分类 2023</source>
        <translation>用地用海分类 2023</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="71"/>
        <source>None: codes as they are (levels by code prefix)</source>
        <translation>无：使用原代码（按代码前缀分级）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="72"/>
        <source>Codes as they are</source>
        <translation>原代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="72"/>
        <source>Level 1 (一级类)</source>
        <translation>一级类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="72"/>
        <source>Level 2 (二级类)</source>
        <translation>二级类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="73"/>
        <source>Level 3 (三级类)</source>
        <translation>三级类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="74"/>
        <source>Land-use layer</source>
        <translation>地类图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="75"/>
        <source>Land-use code field</source>
        <translation>地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="77"/>
        <source>Standard of the codes</source>
        <translation>代码所属标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="79"/>
        <source>Classification level</source>
        <translation>分类级别</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="81"/>
        <source>Class name field (used where the table has no name, e.g. DLMC)</source>
        <translation>地类名称字段（分类表中无名称时使用，如 DLMC）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="84"/>
        <source>Admin units (e.g. townships 乡镇)</source>
        <translation>行政区（如乡镇）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="85"/>
        <source>Compare with (another version or year, optional)</source>
        <translation>对比图层（另一版本或年份，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="87"/>
        <source>Code field of the comparison (default: the input&apos;s code field)</source>
        <translation>对比图层的代码字段（默认：与输入图层的代码字段相同）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="90"/>
        <source>Standard of the comparison&apos;s codes</source>
        <translation>对比图层代码所属标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="93"/>
        <source>Same as the input</source>
        <translation>与输入相同</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="93"/>
        <source>Classification level of the comparison</source>
        <translation>对比图层的分类级别</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="96"/>
        <source>Class name field of the comparison</source>
        <translation>对比图层的地类名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="99"/>
        <source>Folder with edited classification tables (optional)</source>
        <translation>修改后的分类表所在文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="102"/>
        <source>Unit of the transfer matrix CSV</source>
        <translation>转移矩阵 CSV 的面积单位</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="102"/>
        <source>公顷 (ha)</source>
        <translation>公顷</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="102"/>
        <source>亩 (mu)</source>
        <translation>亩</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="102"/>
        <source>m²</source>
        <translation>平方米</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="105"/>
        <source>Area statistics (Excel)</source>
        <translation>面积统计表（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="107"/>
        <source>Area by admin unit and class (CSV)</source>
        <translation>按行政区和地类统计的面积（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="110"/>
        <source>Transfer matrix (CSV)</source>
        <translation>转移矩阵（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="113"/>
        <source>Total area (m²)</source>
        <translation>总面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="113"/>
        <source>Total area (ha)</source>
        <translation>总面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="113"/>
        <source>Total area (mu)</source>
        <translation>总面积（亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="113"/>
        <source>Number of classes</source>
        <translation>地类数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="113"/>
        <source>Area whose class changed (m², with a comparison)</source>
        <translation>地类发生变化的面积（平方米，有对比时）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="126"/>
        <source>A transfer matrix needs a second version: choose the layer to compare with (COMPARE).</source>
        <translation>转移矩阵需要第二个版本：请选择对比图层（COMPARE）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="133"/>
        <source>Cannot choose a working CRS: {}. Check the layers&apos; coordinate reference systems.</source>
        <translation>无法确定工作坐标系：{}。请检查各图层的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="146"/>
        <source>Cannot compute the areas: {}</source>
        <translation>无法计算面积：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="166"/>
        <source>“{}” ({}) has no polygons to measure.</source>
        <translation>“{}”（{}）中没有可量算的面。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="173"/>
        <source>Choose the land-use code field of “{}” (parameter {}).</source>
        <translation>请选择“{}”的地类代码字段（参数 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="180"/>
        <source>Cannot use the classification tables: {}</source>
        <translation>无法使用分类表：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="187"/>
        <source>“{}”: no classification table; codes of {} are grouped by their first {} characters.</source>
        <translation>“{}”：无分类表；字段 {} 的代码按前 {} 位字符归类。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="192"/>
        <source>“{}”: {} features have codes of {} that are not in the table of {}; they are counted {}:</source>
        <translation>“{}”：{} 个要素的字段 {} 代码不在 {} 分类表中，已{}：</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="192"/>
        <source>as they are</source>
        <translation>按原代码统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="192"/>
        <source>under their first characters</source>
        <translation>按代码前几位字符归类统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="197"/>
        <source>  code {} → {}: {} features</source>
        <translation>  代码 {} → {}：{} 个要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="199"/>
        <source>  … and {} more codes</source>
        <translation>  …… 另有 {} 个代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="202"/>
        <source>“{}”: {} codes have no class at level {} in the table; they are counted at their own level ({}).</source>
        <translation>“{}”：{} 个代码在分类表中没有第 {} 级地类，按其自身级别（{}）统计。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="207"/>
        <source>“{}”: {} features have an empty code in {}; they are counted as {}.</source>
        <translation>“{}”：{} 个要素的字段 {} 代码为空，计为{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="213"/>
        <source>“{}” has no polygons: no figures per admin unit.</source>
        <translation>“{}”没有面要素：不按行政区统计。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="220"/>
        <source>{} Admin units are listed without it.</source>
        <translation>{} 行政区将不含该项列出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="230"/>
        <source>Admin units “{}”: {} features; parcels are cut by them.</source>
        <translation>行政区“{}”：{} 个要素；地块按行政区切分。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="248"/>
        <source>Cannot compare the versions: {}</source>
        <translation>无法对比两个版本：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="261"/>
        <source>none (codes as they are)</source>
        <translation>无（使用原代码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="280"/>
        <source>“{}”: {} features have no geometry; they are not counted.</source>
        <translation>“{}”：{} 个要素没有几何，不计入统计。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="285"/>
        <source>“{}”: {} invalid geometries were repaired on a copy (run the quality check to fix the data).</source>
        <translation>“{}”：{} 个无效几何已在副本上修复（请运行数据质量检查修正数据）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="327"/>
        <source>“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap is counted once, for the feature that comes first.</source>
        <translation>“{}”：图层内部有 {} 对要素相互重叠（约 {:.2f} 平方米）；重叠部分只计一次，归排在前面的要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="299"/>
        <source>Admin units: {} pairs overlap (about {:.2f} m²); the overlap belongs to the unit that comes first.</source>
        <translation>行政区：有 {} 对相互重叠（约 {:.2f} 平方米）；重叠部分归排在前面的行政区。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="307"/>
        <source>{:,.2f} m² ({:,.4f} 公顷) of “{}” lie outside every admin unit: column {}.</source>
        <translation>有 {:,.2f} 平方米（{:,.4f} 公顷）的“{}”位于所有行政区之外：列入{}一栏。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="315"/>
        <source>“{}”: {} classes, {:,.2f} m² = {:,.4f} 公顷 = {:,.2f} 亩 (ellipsoidal).</source>
        <translation>“{}”：{} 个地类，{:,.2f} 平方米 = {:,.4f} 公顷 = {:,.2f} 亩（椭球面积）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="322"/>
        <source>“{}”: {} invalid geometries were repaired on a copy.</source>
        <translation>“{}”：{} 个无效几何已在副本上修复。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="334"/>
        <source>“{}” and “{}” do not overlap: the transfer matrix is empty.</source>
        <translation>“{}”与“{}”互不重叠：转移矩阵为空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="340"/>
        <source>Transfer matrix “{}” → “{}”: both cover {:,.4f} 公顷; only “{}” {:,.4f} 公顷, only “{}” {:,.4f} 公顷.</source>
        <translation>转移矩阵“{}”→“{}”：共同覆盖 {:,.4f} 公顷；仅“{}”覆盖 {:,.4f} 公顷，仅“{}”覆盖 {:,.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="348"/>
        <source>Class changed on {:,.4f} 公顷 ({:,.2f} 亩) of the common ground.</source>
        <translation>共同覆盖范围内地类发生变化的面积：{:,.4f} 公顷（{:,.2f} 亩）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="352"/>
        <source>The versions use different standards or levels: the matrix is a cross-tabulation, no area is called changed.</source>
        <translation>两个版本的标准或级别不同：矩阵仅为交叉统计表，不认定任何面积发生变化。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="207"/>
        <source>(empty code)</source>
        <translation>（空代码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/area_statistics.py" line="307"/>
        <source>Outside admin units</source>
        <translation>（未落入行政区）</translation>
    </message>
</context>
<context>
    <name>BlueprintDock</name>
    <message>
        <location filename="../ui/blueprint_dock.py" line="48"/>
        <source>Three zones and three lines (三区三线)</source>
        <translation>三区三线</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="64"/>
        <source>No workspace open</source>
        <translation>未打开工作空间</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="66"/>
        <source>New workspace GeoPackage…</source>
        <translation>新建工作空间 GeoPackage…</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="68"/>
        <source>Open a workspace GeoPackage…</source>
        <translation>打开工作空间 GeoPackage…</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="75"/>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="83"/>
        <source>Draw a polygon of this type (left click: vertex, right click: finish, Backspace: remove vertex, Esc: cancel)</source>
        <translation>绘制该类型的图斑（左键：添加节点，右键：完成，Backspace：删除节点，Esc：取消）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="87"/>
        <source>Undo the last edit of this layer</source>
        <translation>撤销该图层的上一步编辑</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="88"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="89"/>
        <source>Save the edits of all workspace layers</source>
        <translation>保存所有工作空间图层的编辑</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="95"/>
        <source>Cut away overlaps with lines that take precedence (red line &gt; farmland &gt; urban boundary; zones never overlap)</source>
        <translation>裁除与优先级更高的控制线重叠的部分（生态保护红线 &gt; 永久基本农田 &gt; 城镇开发边界；三区之间互不重叠）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="101"/>
        <source>Areas (ellipsoidal, CGCS2000)</source>
        <translation>面积（椭球面积，CGCS2000）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="104"/>
        <source>Line or zone</source>
        <translation>控制线/分区</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="104"/>
        <source>Polygons</source>
        <translation>图斑数</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="104"/>
        <source>Hectares</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="126"/>
        <source>Mu (亩)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="110"/>
        <source>Control-line check</source>
        <translation>控制线检查</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="113"/>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="114"/>
        <source>Run the control-line checks (overlaps, coverage, fragments) on the layers as drawn, in the background</source>
        <translation>在后台对当前绘制的图层进行控制线检查（重叠、覆盖、碎片）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="126"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="126"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="126"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="160"/>
        <source>New blueprint workspace</source>
        <translation>新建蓝图工作空间</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="180"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="180"/>
        <source>Open blueprint workspace</source>
        <translation>打开蓝图工作空间</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="200"/>
        <source>{} has no layer {}; drawing those types is disabled.</source>
        <translation>{} 中没有图层 {}；已禁用这些类型的绘制。</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="252"/>
        <source>Nothing left to add: the polygon lies entirely on lines that take precedence.</source>
        <translation>没有可添加的部分：该图斑完全位于优先级更高的控制线上。</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="268"/>
        <source>Draw {}</source>
        <translation>绘制{}</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="272"/>
        <source>Could not add the polygon to {}.</source>
        <translation>无法将图斑添加到 {}。</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="278"/>
        <source>{}: {:.2f} mu cut away where it overlapped {}.</source>
        <translation>{}：已裁除 {:.2f} 亩与{}重叠的部分。</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="324"/>
        <source>Some edits could not be saved: {}</source>
        <translation>部分编辑未能保存：{}</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="326"/>
        <source>Workspace edits saved.</source>
        <translation>工作空间的编辑已保存。</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="361"/>
        <source>Could not copy the layers for the check: {}</source>
        <translation>无法复制图层以进行检查：{}</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="371"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="383"/>
        <source>Check failed</source>
        <translation>检查失败</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="390"/>
        <source>{} violations ({} errors)</source>
        <translation>{} 处违规（{} 个错误）</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="390"/>
        <source>No violations</source>
        <translation>无违规</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="394"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="394"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../ui/blueprint_dock.py" line="432"/>
        <source>Three zones and three lines</source>
        <translation>三区三线</translation>
    </message>
</context>
<context>
    <name>BuildBlueprintAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="43"/>
        <source>Build the coordinated blueprint (一张蓝图)</source>
        <translation>生成一张蓝图（规划协调成果）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="68"/>
        <source>Difference patches with decisions</source>
        <translation>含处理决定的差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="70"/>
        <source>Plan priority, most authoritative first (e.g. 2,1; empty: plan order)</source>
        <translation>规划优先顺序，最权威者在前（如 2,1；留空按规划顺序）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="73"/>
        <source>Folder with edited classification tables (optional)</source>
        <translation>修改后的分类表所在文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="90"/>
        <source>Coordinated blueprint</source>
        <translation>一张蓝图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="92"/>
        <source>Change log (Excel)</source>
        <translation>变更记录（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="94"/>
        <source>Features in the blueprint</source>
        <translation>蓝图要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="94"/>
        <source>Patch decisions applied</source>
        <translation>已应用的图斑处理决定数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="94"/>
        <source>Patches still pending (base use kept)</source>
        <translation>待定图斑数（保留基础用途）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="94"/>
        <source>Blueprint area (ha)</source>
        <translation>蓝图总面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="111"/>
        <source>The patches were detected for {} plans, but {} plans are given.</source>
        <translation>差异图斑按 {} 个规划检测，但本次输入了 {} 个规划。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="127"/>
        <source>Cannot build the blueprint: {}</source>
        <translation>无法生成一张蓝图：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="144"/>
        <source>{} patches keep a plan that does not cover all of them; the base use fills the rest.</source>
        <translation>{} 个图斑所采用的规划未完全覆盖图斑，其余部分保留基础用途。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="147"/>
        <source>{} pieces of patches lie outside every plan and were left out.</source>
        <translation>{} 块图斑碎片位于所有规划范围之外，已略去。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="176"/>
        <source>Decisions applied: {}; pending (base use kept): {}.</source>
        <translation>已应用决定：{}；待定（保留基础用途）：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="178"/>
        <source>Area whose use changed: {:.4f} 公顷 ({:.2f} 亩).</source>
        <translation>用途发生变更的面积：{:.4f} 公顷（{:.2f} 亩）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="46"/>
        <source>Merges the plans into one land-use layer without overlaps or gaps, applying the reviewed decision CLJD of every difference patch: GH1/GH2… take that plan's use, DM:&lt;code&gt; sets a 用地用海 code, DEFER keeps the base use. A patch not reviewed yet keeps the base use by default (counted as pending); it can instead take its suggestion JYCL (marked as a suggestion in the change log) or be left as a 待定 polygon without a code. Outside the patches the first plan in priority order that covers the ground gives the use.

Where that plan's code has no single 用地用海 class (土规 211 城镇用地, 城规 E2 农林用地 …), the first compatible code is taken from the other plans on the same ground, then from the current use (三调 DLTB), then the umbrella class of the code; DMLY says where the code came from (e.g. 城规→土规) and BMFS how (精确, 细化, 上位类, 现状, 待定, 未定). With the county outline (XZQ) the blueprint covers exactly the county: ground no plan covers takes the current use. A piece no rule can code is kept, marked 未定 and listed with its area.

Give the same plans (layers, code fields, standards, names) as to “Detect multi-plan conflicts”. Each output feature has its 用地用海 code and name (YDYHDM, YDYHMC, YDYHYJL), construction flag JSYD, the plan it comes from (LYGH, or 协调调整 for a set code), the original code and feature (YSDM, YSBSM), DMLY and BMFS, the patch and decision applied (CYTBBH, CLJD) and its ellipsoidal area. The change log (Excel) lists every patch with the use before and after, the decision and whether it was reviewed or only suggested, the reason and the area that changed, and how every code was chosen.</source>
        <translation>将各规划合并为一个无重叠、无缝隙的用地图层，并应用每个差异图斑经审查的处理决定 CLJD：GH1/GH2… 采用该规划的用途，DM:&lt;代码&gt; 设定用地用海代码，DEFER 保留基础用途。尚未审查的图斑默认保留基础用途（计为待定）；也可采用其处理建议 JYCL（在变更记录中注明为建议），或作为无代码的待定图斑保留。图斑以外，按优先顺序第一个覆盖该处的规划决定用途。

若该规划的代码没有唯一对应的用地用海类别（土规 211 城镇用地、城规 E2 农林用地等），依次从同一位置的其他规划、现状（三调 地类图斑 DLTB）中取第一个相容的代码，再无则取该代码的上位类；DMLY 记录代码来源（如 城规→土规），BMFS 记录编码方式（精确、细化、上位类、现状、待定、未定）。给出县域范围（XZQ）时，蓝图恰好覆盖全县：无规划覆盖的区域采用现状用途。任何规则都无法赋码的图斑予以保留，标为未定，并列出其面积。

请给出与“多规差异图斑检测”相同的规划（图层、代码字段、标准、名称）。每个输出要素包含用地用海代码及名称（YDYHDM、YDYHMC、YDYHYJL）、建设用地标识 JSYD、来源规划（LYGH，设定代码的为“协调调整”）、原代码和原要素（YSDM、YSBSM）、DMLY 与 BMFS、所应用的差异图斑及决定（CYTBBH、CLJD）以及椭球面积。变更记录（Excel）列出每个差异图斑调整前后的用途、处理决定及其来自审查还是仅为建议、理由和用途变化的面积，以及每个代码的确定方式。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="76"/>
        <source>Current land use (三调 地类图斑 DLTB, optional)</source>
        <translation>现状用地（三调 地类图斑 DLTB，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="79"/>
        <source>Current use code field (三调 codes)</source>
        <translation>现状地类代码字段（三调代码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="82"/>
        <source>County outline (XZQ, optional): the blueprint then covers exactly the county</source>
        <translation>县域范围（XZQ，可选）：蓝图将恰好覆盖全县</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="85"/>
        <source>Patches not reviewed yet</source>
        <translation>尚未审查的差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="85"/>
        <source>Keep the priority plan&apos;s use (counted as pending)</source>
        <translation>保留优先规划的用途（计为待定）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="85"/>
        <source>Apply the suggestion (marked as a suggestion)</source>
        <translation>采用处理建议（注明为建议）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="85"/>
        <source>Leave them as 待定 polygons without a code</source>
        <translation>作为无代码的待定图斑保留</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="94"/>
        <source>Area without a 用地用海 code (ha)</source>
        <translation>无用地用海代码的面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="118"/>
        <source>The county outline “{}” has no features.</source>
        <translation>县域范围“{}”没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="137"/>
        <source>The current use layer “{}” has no field {}; choose its 三调 code field.</source>
        <translation>现状图层“{}”没有字段 {}；请选择其三调地类代码字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="150"/>
        <source>{:.4f} 公顷 of the plans lie outside the county outline and were left out.</source>
        <translation>规划中有 {:.4f} 公顷位于县域范围以外，未纳入蓝图。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="162"/>
        <source>{:.4f} 公顷 could not be given a 用地用海 code (kept, marked 未定): {}</source>
        <translation>有 {:.4f} 公顷无法赋予用地用海代码（已保留，标为未定）：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="165"/>
        <source>Ground no plan covers, coded by the current use: {:.4f} 公顷.</source>
        <translation>无规划覆盖、按现状赋码的面积：{:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="168"/>
        <source>Coarse plan codes refined from another plan or the current use: {:.4f} 公顷.</source>
        <translation>由其他规划或现状细化的粗略规划代码面积：{:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/build_blueprint.py" line="172"/>
        <source>Blueprint {:.4f} 公顷, county {:.4f} 公顷 (difference {:.4f} %).</source>
        <translation>蓝图 {:.4f} 公顷，县域 {:.4f} 公顷（相差 {:.4f} %）。</translation>
    </message>
</context>
<context>
    <name>CarryingCapacityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="49"/>
        <source>Carrying capacity (承载规模, 以人定地)</source>
        <translation>承载规模（以人定地）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="52"/>
        <source>From the suitability classes of the 双评价 (1 = 适宜 suitable, 2 = 一般适宜 generally suitable, 3 = 不适宜 unsuitable, 0 = nodata), computes the largest urban construction land and urban population, and the largest cultivated land, grain production and population it feeds, that the land can carry.

城镇建设用地最大规模 = (suitable + generally suitable × share) × usable share; 可承载城镇人口 = that ÷ construction land per capita (GB 50137-2011: 65–115 m² per person). 耕地最大规模 = (suitable + generally suitable × share) × cultivable share; 粮食生产能力 = cultivated 亩 × yield per 亩 and year; 粮食可承载人口 = grain ÷ grain per capita (400 kg food-security line). Every default is a common figure, UNVERIFIED: replace it with the province's or the plan's own.

Give the urban or the agricultural suitability raster, or both. With the ecological importance classes (1 = 极重要), suitable land inside 生态保护极重要区 is left out, as the 2020 guideline evaluates agriculture and urban construction outside it. With admin units (e.g. 乡镇), every figure is also given per unit: the units are rasterised onto the suitability raster's grid (a cell belongs to the unit holding its centre). Rasters on other grids are aligned on the fly, by nearest neighbour.

Current population (现状人口) and current cultivated land (亩), when given (0 = not given), are compared with the capacity: ratio above 1 超载, from the critical ratio (default 0.9) to 1 临界超载, below 不超载.

Areas are cell areas on the ellipsoid. Rasters are read block by block, so county rasters of any size fit in memory. Outputs: an Excel report (承载规模, 分区 with a 合计 row, 说明 with the settings) and optionally the indicators as CSV (UTF-8 with BOM, for Excel).</source>
        <translation>基于双评价的适宜性分类（1 = 适宜，2 = 一般适宜，3 = 不适宜，0 = 无数据），计算土地可承载的最大城镇建设用地规模和城镇人口规模，以及最大耕地规模、粮食生产能力及其可供养的人口。

城镇建设用地最大规模 =（适宜 + 一般适宜 × 计入比例）× 可利用比例；可承载城镇人口 = 城镇建设用地最大规模 ÷ 人均城镇建设用地（GB 50137-2011：每人 65–115 m²）。耕地最大规模 =（适宜 + 一般适宜 × 计入比例）× 可耕种比例；粮食生产能力 = 耕地亩数 × 每亩年单产；粮食可承载人口 = 粮食产量 ÷ 人均粮食（400 kg 粮食安全线）。所有默认值均为常用数值，未经核实：请替换为本省或本规划自己的数值。

给出城镇建设适宜性栅格或农业生产适宜性栅格，或两者都给出。给出生态保护重要性分类（1 = 极重要）时，位于生态保护极重要区内的适宜土地不予计入，因为 2020 年版指南在生态保护极重要区以外评价农业生产和城镇建设。给出行政区（如乡镇）时，各项数值还按行政区分别给出：行政区被栅格化到适宜性栅格的网格上（像元归属于包含其中心点的行政区）。其他网格上的栅格按最邻近法即时对齐。

给出现状人口和现状耕地（亩）时（0 = 未给出），将其与承载规模比较：比值大于 1 为超载，介于临界比值（默认 0.9）与 1 之间为临界超载，低于临界比值为不超载。

面积为椭球面上的像元面积。栅格分块读取，因此任意大小的县域栅格都不会超出内存。输出：Excel 报告（承载规模、含合计行的分区、含参数设置的说明），以及可选的 CSV 指标表（带 BOM 的 UTF-8，便于 Excel 打开）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="75"/>
        <source>Urban construction suitability (城镇建设适宜性, classes 1-3)</source>
        <translation>城镇建设适宜性（分类 1-3）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="75"/>
        <source>Agricultural suitability (农业生产适宜性, classes 1-3)</source>
        <translation>农业生产适宜性（分类 1-3）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="75"/>
        <source>Ecological importance (生态保护重要性, 1 = 极重要 excluded)</source>
        <translation>生态保护重要性（1 = 极重要，予以扣除）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="79"/>
        <source>Admin units (e.g. townships 乡镇)</source>
        <translation>行政区（如乡镇）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="82"/>
        <source>Share of 一般适宜 land counted for urban construction (0-1)</source>
        <translation>一般适宜土地计入城镇建设的比例（0-1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="83"/>
        <source>Usable share for urban construction land (0-1)</source>
        <translation>城镇建设用地可利用比例（0-1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="84"/>
        <source>Urban construction land per capita (人均城镇建设用地, m²)</source>
        <translation>人均城镇建设用地（m²）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="85"/>
        <source>Share of 一般适宜 land counted for agriculture (0-1)</source>
        <translation>一般适宜土地计入农业生产的比例（0-1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="86"/>
        <source>Share of that land that can be cultivated (0-1)</source>
        <translation>上述土地中可耕种的比例（0-1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="87"/>
        <source>Grain yield (kg per 亩 and year)</source>
        <translation>粮食单产（kg/亩·年）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="88"/>
        <source>Grain per capita (人均粮食, kg per year)</source>
        <translation>人均粮食（kg/年）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="89"/>
        <source>Critical (临界超载) from ratio current / capacity (0-1)</source>
        <translation>临界超载起始比值（现状 / 承载规模，0-1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="98"/>
        <source>Default {:g}: a common figure, unverified; use your plan&apos;s own.</source>
        <translation>默认 {:g}：常用数值，未经核实；请采用本规划自己的数值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="101"/>
        <source>Current population (现状人口, 0 = not given)</source>
        <translation>现状人口（0 = 未给出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="101"/>
        <source>Current cultivated land (现状耕地, 亩, 0 = not given)</source>
        <translation>现状耕地（亩，0 = 未给出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="105"/>
        <source>Carrying capacity report (Excel)</source>
        <translation>承载规模报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="107"/>
        <source>Indicators (CSV)</source>
        <translation>指标表（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="109"/>
        <source>Maximum urban construction land (m²)</source>
        <translation>城镇建设用地最大规模（m²）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="109"/>
        <source>Maximum urban population</source>
        <translation>可承载城镇人口</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="109"/>
        <source>Maximum cultivated land (亩)</source>
        <translation>耕地最大规模（亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="109"/>
        <source>Population supported by the grain</source>
        <translation>粮食可承载人口</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="121"/>
        <source>Choose the urban construction suitability raster (URBAN_SUITABILITY), the agricultural suitability raster (AGRICULTURAL_SUITABILITY) or both.</source>
        <translation>请选择城镇建设适宜性栅格（URBAN_SUITABILITY）、农业生产适宜性栅格（AGRICULTURAL_SUITABILITY），或两者都选。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="161"/>
        <source>“{}” ({}) is not a raster file GDAL can read block by block; export it to GeoTIFF first.</source>
        <translation>“{}”（{}）不是 GDAL 可分块读取的栅格文件；请先导出为 GeoTIFF。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="171"/>
        <source>Invalid setting: {}</source>
        <translation>参数设置无效：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="187"/>
        <source>“{}” has no polygons: no figures per admin unit.</source>
        <translation>“{}”没有面要素：不按行政区统计。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="209"/>
        <source>Cannot rasterise the admin units “{}”: {}</source>
        <translation>无法栅格化行政区“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="211"/>
        <source>Admin units “{}”: {} units rasterised onto the grid of “{}” (a cell belongs to the unit holding its centre; where units overlap, the later one).</source>
        <translation>行政区“{}”：已将 {} 个行政区栅格化到“{}”的网格上（像元归属于包含其中心点的行政区；行政区相互重叠处归排在后面的行政区）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="228"/>
        <source>Layer “{}” has no field “{}” (parameter {}); admin units are listed without it.</source>
        <translation>图层“{}”没有字段“{}”（参数 {}）；列出行政区时不含该项。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="240"/>
        <source>Cannot read the classes of “{}”: {}</source>
        <translation>无法读取“{}”的分类：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="244"/>
        <source>“{}”: {}</source>
        <translation>“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="247"/>
        <source>“{}”: {} cells hold values other than 1 适宜, 2 一般适宜, 3 不适宜 (or 0 nodata); they were left out. Is it a suitability class raster?</source>
        <translation>“{}”：{} 个像元的值不是 1 适宜、2 一般适宜、3 不适宜（或 0 无数据），已略去。该栅格是否为适宜性分类栅格？</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="256"/>
        <source>“{}” has no cell classed 1, 2 or 3: its capacity is 0.</source>
        <translation>“{}”中没有分类为 1、2 或 3 的像元：其承载规模为 0。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="264"/>
        <source>The current cultivated land is not compared: there is no agricultural suitability.</source>
        <translation>未与现状耕地比较：没有农业生产适宜性结果。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/carrying_capacity.py" line="269"/>
        <source>not available</source>
        <translation>无法计算</translation>
    </message>
</context>
<context>
    <name>CheckControlLinesAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="60"/>
        <source>Check control lines and zones (三区三线)</source>
        <translation>三区三线检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="99"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="99"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="99"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="99"/>
        <source>Three zones (三区: urban, agricultural, ecological space)</source>
        <translation>三区（城镇空间、农业空间、生态空间）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="104"/>
        <source>Zone code field</source>
        <translation>空间类型代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="107"/>
        <source>Zone codes (code=urban|agricultural|ecological, pairs separated by ;)</source>
        <translation>空间类型代码对照（代码=urban|agricultural|ecological，以 ; 分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="110"/>
        <source>County boundary (县域)</source>
        <translation>县域边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="110"/>
        <source>Base-year urban construction land (现状城镇建设用地)</source>
        <translation>基期年现状城镇建设用地</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="110"/>
        <source>Suitability evaluation results (双评价)</source>
        <translation>双评价结果</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="114"/>
        <source>Suitability grade field</source>
        <translation>适宜性等级字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="117"/>
        <source>Grades that count as unsuitable (separated by commas)</source>
        <translation>视为不适宜的等级（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="120"/>
        <source>Admin units (e.g. townships 乡镇)</source>
        <translation>行政区（如乡镇）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="122"/>
        <source>Expansion limit: urban boundary / base construction land (default 1.3, unverified, configurable)</source>
        <translation>扩展倍数上限：城镇开发边界 / 现状城镇建设用地（默认 1.3，未经核实，可配置）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="122"/>
        <source>Fragment minimum area (m²)</source>
        <translation>碎片最小面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="122"/>
        <source>Fragment minimum width (m, 0 = no width test)</source>
        <translation>碎片最小宽度（米，0 = 不检查宽度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="131"/>
        <source>Control-line violations</source>
        <translation>控制线违规图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="133"/>
        <source>Check report (Excel)</source>
        <translation>检查报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="135"/>
        <source>Line areas (CSV)</source>
        <translation>控制线面积（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="138"/>
        <source>Number of violations</source>
        <translation>违规图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="138"/>
        <source>Number of errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="138"/>
        <source>Number of warnings</source>
        <translation>警告数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="138"/>
        <source>Expansion multiple (empty when not checked)</source>
        <translation>扩展倍数（未检查时为空）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="143"/>
        <source>Passed (no error-level violation)</source>
        <translation>通过（无错误级违规）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="150"/>
        <source>Choose at least two layers to check against each other (e.g. the ecological red line and the permanent basic farmland, or the three zones and the county boundary).</source>
        <translation>请至少选择两个相互检查的图层（例如生态保护红线与永久基本农田，或三区与县域边界）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="167"/>
        <source>Cannot check the control lines: {}</source>
        <translation>无法检查控制线：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="169"/>
        <source>None of the checks can run with these inputs: {}. Add the layers they need.</source>
        <translation>这些输入无法进行任何检查：{}。请添加所需图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="208"/>
        <source>Cannot read the zone codes at “{}”: write code=class pairs separated by ; with the classes urban, agricultural or ecological (or 城镇空间, 农业空间, 生态空间), e.g. {}.</source>
        <translation>无法读取空间类型代码对照“{}”：请写成以 ; 分隔的 代码=类型，类型为 urban、agricultural 或 ecological（或 城镇空间、农业空间、生态空间），例如 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="216"/>
        <source>“{}” has no features with a geometry: the checks that need it are skipped.</source>
        <translation>“{}”没有带几何的要素：需要它的检查已跳过。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="223"/>
        <source>No zone code field: the checks of each line in its space are skipped.</source>
        <translation>未指定空间类型代码字段：控制线是否位于对应空间的检查已跳过。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="227"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="230"/>
        <source>“{}”: zone codes {} are neither in the zone codes nor a zone name; those polygons belong to no space.</source>
        <translation>“{}”：空间类型代码 {} 既不在代码对照中，也不是空间名称；这些图斑不属于任何空间。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="237"/>
        <source>Choose the suitability grade field of “{}” (parameter SUITABILITY_FIELD).</source>
        <translation>请选择“{}”的适宜性等级字段（参数 SUITABILITY_FIELD）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="261"/>
        <source>{} Admin units are listed without it.</source>
        <translation>{} 行政区将不含该项列出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="268"/>
        <source>“{}”: {} invalid geometries were repaired on a copy (run the quality check to fix the data).</source>
        <translation>“{}”：{} 个无效几何已在副本上修复（请运行数据质量检查修正数据）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="273"/>
        <source>“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap is counted once, for the feature that comes first.</source>
        <translation>“{}”：图层内部有 {} 对要素相互重叠（约 {:.2f} 平方米）；重叠部分只计一次，归排在前面的要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="277"/>
        <source>{} (“{}”): {} features, {:.4f} 公顷 ({:.2f} 亩)</source>
        <translation>{}（“{}”）：{} 个要素，{:.4f} 公顷（{:.2f} 亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="285"/>
        <source>{} {}: not checked ({}).</source>
        <translation>{} {}：未检查（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="297"/>
        <source>Expansion multiple (urban boundary {:.4f} 公顷 / base construction land {:.4f} 公顷): {:.4f}, limit {:g} (configurable, unverified).</source>
        <translation>扩展倍数（城镇开发边界 {:.4f} 公顷 / 现状城镇建设用地 {:.4f} 公顷）：{:.4f}，上限 {:g}（可配置，未经核实）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="306"/>
        <source>Not passed: {} errors, {} warnings.</source>
        <translation>不通过：{} 处错误，{} 处警告。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="63"/>
        <source>Checks the three control lines (ecological protection red line 生态保护红线, permanent basic farmland 永久基本农田, urban development boundary 城镇开发边界) and the three zones (urban, agricultural and ecological space, 三区) against each other, the county boundary and, when given, the base-year urban construction land and the suitability evaluation (双评价). Every input is optional, but at least two layers besides the admin units are needed; the rules whose inputs are missing or empty are listed as not checked, with the reason.

Rules (severity): HX_NT red line overlaps farmland (error); KB_HX urban boundary overlaps red line (error); KB_NT urban boundary takes farmland (warning: 不占或少占); SQ_GAP part of the county in no zone (error); SQ_OVERLAP zones overlap (error); SQ_OUTSIDE zone outside the county (warning); HX_ZONE / NT_ZONE / KB_ZONE a line outside its space (warning); FRAGMENT a polygon part of a line smaller than the fragment area (default 400 m²) or narrower than the minimum width (default 2 m) (warning); EXPANSION urban boundary area / base construction land above the limit (error; the default 1.3 is configurable and UNVERIFIED); NT_UNSUITABLE / KB_UNSUITABLE farmland or urban boundary on land graded unsuitable (warning). Polygons that only touch give nothing, and overlap, gap and outside pieces below the minimum area (default 1 m²: where shared edges do not match exactly, e.g. 1 mm along 1 km) are not violations; the log and the report say how many were left out. Set it to 0 to list every piece, raise it for data digitised at a coarser scale. The summary's 结论 is 不通过 for a rule of severity error with violations and 需关注 for a warning rule with violations; the check passes when no error remains.

The zone field holds codes mapped to classes by the zone codes parameter (default 1=urban;2=agricultural;3=ecological: the codes are not standardised, so check them); names such as 城镇空间, 农业空间, 生态空间 are understood as they are. Feature ids in the output are the layer's HXBH, JBNTTBBH or BJBH (for the red line, farmland and urban boundary), else BSM, 标识码 or OBJECTID when the field exists and is filled and unique, else the feature's number in the layer (1 = first), the same whatever format the layer is stored in; the log says which.

Outputs: a violations layer (rule GZBH, name GZMC, severity YZCD, layer TC and feature ids YSBH, the other layer DBTC and its ids DBBH, admin unit XZQDM/XZQMC, ellipsoidal area MJ in m², MJGQ in 公顷, MJMU in 亩 (2, 4 and 2 decimals), a point inside ZXZB_X/ZXZB_Y, value ZHI and limit XZ, and a sentence SM; the EXPANSION row's geometry is the whole urban boundary, its MJ the area above the limit), an Excel report (summary per rule with 结论, violations with 小计 per rule, each line's area, per admin unit when given, and the expansion multiple) and optionally each line's total area as CSV. With admin units every violation is split by them. Overlaps inside one layer are counted once; invalid geometries are repaired on a copy and reported; the inputs are never changed.</source>
        <translation>检查三条控制线（生态保护红线、永久基本农田、城镇开发边界）与三区（城镇空间、农业空间、生态空间）之间、与县域边界之间，以及（如提供）与基期年现状城镇建设用地和双评价结果之间的关系。各输入均可选，但除行政区外至少需要两个图层；缺少或为空的输入所对应的规则列为“未检查”并注明原因。

规则（严重程度）：HX_NT 生态保护红线与永久基本农田重叠（错误）；KB_HX 城镇开发边界与生态保护红线重叠（错误）；KB_NT 城镇开发边界占用永久基本农田（警告：不占或少占）；SQ_GAP 县域内未划入三区的区域（错误）；SQ_OVERLAP 三区图斑相互重叠（错误）；SQ_OUTSIDE 三区图斑超出县域（警告）；HX_ZONE / NT_ZONE / KB_ZONE 控制线位于对应空间以外（警告）；FRAGMENT 控制线面积小于碎片面积（默认 400 平方米）或窄于最小宽度（默认 2 米）的图斑部分（警告）；EXPANSION 城镇开发边界面积 / 现状城镇建设用地面积超过上限（错误；默认 1.3 可配置，未经核实）；NT_UNSUITABLE / KB_UNSUITABLE 永久基本农田或城镇开发边界位于不适宜区（警告）。仅相互接触的图斑不算违规；小于最小面积（默认 1 平方米：公共边不完全吻合处，如 1 公里长的边错开 1 毫米）的重叠、缺口及超出部分不算违规，日志和报告会说明忽略了多少。设为 0 则列出每一处碎片；数据数字化精度较粗时可调大。汇总表中，错误级规则有违规时结论为“不通过”，警告级规则有违规时为“需关注”；没有错误级违规即为通过。

空间类型字段中的代码按“空间类型代码对照”参数映射为空间类型（默认 1=urban;2=agricultural;3=ecological：代码并无统一标准，请核对）；城镇空间、农业空间、生态空间等名称可直接识别。输出中的要素编号取自图层的 HXBH、JBNTTBBH 或 BJBH（分别对应生态保护红线、永久基本农田、城镇开发边界），否则取 BSM、标识码或 OBJECTID（字段存在、均有值且唯一时），再否则为要素在图层中的序号（1 = 第一个要素），无论图层以何种格式存储都相同；日志会说明所用字段。

输出：违规图斑图层（规则 GZBH、名称 GZMC、严重程度 YZCD、图层 TC 及要素编号 YSBH、另一图层 DBTC 及其编号 DBBH、行政区 XZQDM/XZQMC、椭球面积 MJ（平方米）、MJGQ（公顷）、MJMU（亩）（分别保留 2、4、2 位小数）、内部点 ZXZB_X/ZXZB_Y、数值 ZHI 与限值 XZ、说明 SM；EXPANSION 行的几何为整个城镇开发边界，其 MJ 为超出上限的面积），Excel 报告（按规则汇总并给出结论、按规则小计的违规明细、各控制线面积、按行政区统计（如提供）及扩展倍数），以及可选的各控制线总面积 CSV。提供行政区时，每处违规按行政区切分。图层内部的重叠只计一次；无效几何在副本上修复并报告；输入数据不会被修改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="122"/>
        <source>Ignore overlap and gap pieces below (m², default 1: edges that do not match exactly)</source>
        <translation>忽略小于此面积的重叠、缺口碎片（平方米，默认 1：公共边不完全吻合处）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="281"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="281"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="287"/>
        <source>{} {} ({}): {} violations, {:.2f} m² ({:.2f} 亩)</source>
        <translation>{} {}（{}）：{} 处违规，{:.2f} 平方米（{:.2f} 亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="292"/>
        <source>{}: {} pieces below the minimum area of {:g} m² ({:.2f} m² in all) are edge mismatches, not violations.</source>
        <translation>{}：{} 处小于最小面积 {:g} 平方米的碎片（共 {:.2f} 平方米）为公共边不吻合所致，不算违规。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/check_control_lines.py" line="304"/>
        <source>Passed: no error; {} warnings to review.</source>
        <translation>通过：无错误级违规；{} 处警告需关注。</translation>
    </message>
</context>
<context>
    <name>CheckDatabaseAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="52"/>
        <source>Check a planning database (数据库质检)</source>
        <translation>规划数据库质检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="79"/>
        <source>Database (GeoPackage, or a file of the FileGDB or shapefile folder)</source>
        <translation>数据库（GeoPackage，或 FileGDB、Shapefile 文件夹中的任一文件）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="84"/>
        <source>Database standard (CSV; empty: the bundled 市级国土空间总体规划数据库规范)</source>
        <translation>数据库标准（CSV；留空则使用内置的市级国土空间总体规划数据库规范）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="87"/>
        <source>Area tolerance (%)</source>
        <translation>面积容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="93"/>
        <source>Problems (points)</source>
        <translation>问题（点）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="95"/>
        <source>Excel report (质检报告)</source>
        <translation>Excel 质检报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="97"/>
        <source>Number of errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="98"/>
        <source>Number of warnings</source>
        <translation>警告数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="127"/>
        <source>Checking {} against {} ({} layers in the standard).</source>
        <translation>按 {1} 检查 {0}（标准中有 {2} 个图层）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="134"/>
        <source>Layer {}: {} features.</source>
        <translation>图层 {}：{} 个要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="143"/>
        <source>{}: {}</source>
        <translation>{}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="144"/>
        <source>{} errors, {} warnings.</source>
        <translation>错误 {} 个，警告 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="162"/>
        <source>The database {} does not exist.</source>
        <translation>数据库 {} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="163"/>
        <source>{} is not a GeoPackage, a FileGDB folder (.gdb) or a folder of shapefiles.</source>
        <translation>{} 不是 GeoPackage、FileGDB 文件夹（.gdb）或 Shapefile 文件夹。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="183"/>
        <source>Could not write a feature to output {}: {}</source>
        <translation>无法向输出 {} 写入要素：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="55"/>
        <source>Checks a planning database against its standard, as the 汇交 quality check does: the database is a GeoPackage, a FileGDB folder (.gdb) or a folder of shapefiles — pick the GeoPackage, or any file inside the FileGDB or the shapefile folder. It is only read, never modified.

The standard is a CSV file describing every layer (name, alias, geometry type, 要素代码 YSDM, rules) and field (type, length, precision, mandatory, 值域, area unit); by default the bundled 《市级国土空间总体规划数据库规范（试行）》 structure (resources/database, with its sources; items not verified are marked UNVERIFIED). A province's variant is a copy of that file, edited, given as the schema.

Rules (错误 = error, 警告 = warning; a breach of a layer or field the standard file marks UNVERIFIED is only a warning): missing layers (error) and layers not in the standard (warning); geometry type; fields missing (error if mandatory), not in the standard (warning), of another type (error), length or precision (warning); empty mandatory values; values outside the 值域 or longer than the field; YSDM other than the layer's; duplicate 标识码 (BSM); CRS not a CGCS2000 3-degree Gauss-Krüger zone or not the zone the data lie in; invalid geometries; overlaps in layers that must not overlap; gaps in layers that must cover the county (the union of the county layer), both ignored where narrower than the XY tolerance (default 1 mm: coordinate rounding); declared areas differing from the ellipsoidal area by more than the tolerance (plus the field's rounding).

Outputs: the problems as points (CGCS2000 longitude/latitude), an Excel report (a summary with the count per rule, then one sheet per rule listing the features by their BSM, with locations), and the numbers of errors and warnings.</source>
        <translation>按数据库标准检查规划数据库，即汇交质检：数据库可以是 GeoPackage、FileGDB 文件夹（.gdb）或 Shapefile 文件夹——选择 GeoPackage，或 FileGDB、Shapefile 文件夹中的任一文件。数据库只读取，从不修改。

数据库标准是一个 CSV 文件，描述每个图层（名称、别名、几何类型、要素代码 YSDM、规则）和字段（类型、长度、小数位数、是否必填、值域、面积单位）；默认使用内置的《市级国土空间总体规划数据库规范（试行）》结构（resources/database，附来源；未经核实的条目标为 UNVERIFIED）。省级变体可复制该文件、修改后作为数据库标准传入。

检查规则（错误/警告；标准文件标为 UNVERIFIED 的图层或字段不符时只记为警告）：缺少图层（错误）与标准外图层（警告）；几何类型；缺少字段（必填字段为错误）、标准外字段（警告）、字段类型不符（错误）、长度或小数位数不符（警告）；必填字段为空；值不在值域内或超过字段长度；要素代码与图层不符；标识码（BSM）重复；坐标系不是 CGCS2000 3 度带高斯-克吕格投影或与数据所在带号不符；几何无效；不得重叠的图层有重叠；须覆盖县域的图层有缝隙（县域为县级行政区图层的并集），重叠和缝隙窄于 XY 容差（默认 1 毫米，坐标取舍）时不计；面积字段与椭球面积之差超过容差（另加字段取舍误差）。

输出：问题点图层（CGCS2000 经纬度）、Excel 质检报告（汇总表列出每条规则的错误数和警告数，其后每条规则一张清单，按标识码列出要素及位置）、错误数和警告数。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="90"/>
        <source>XY tolerance (m): narrower overlaps and gaps are rounding</source>
        <translation>XY 容差（米）：更窄的重叠和缝隙视为坐标取舍</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="119"/>
        <source>The checked database is only read: write the {} elsewhere, not into {}.</source>
        <translation>被检查的数据库只读取：请将{}写到别处，不要写入 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="120"/>
        <source>problems layer</source>
        <translation>问题点图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/check_database.py" line="120"/>
        <source>report</source>
        <translation>报告</translation>
    </message>
</context>
<context>
    <name>CompareBlueprintsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="34"/>
        <source>Compare blueprint versions</source>
        <translation>一张蓝图版本对比</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="46"/>
        <source>Blueprint store</source>
        <translation>一张蓝图版本库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="48"/>
        <source>Earlier version</source>
        <translation>较早版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="50"/>
        <source>Later version (0: the current)</source>
        <translation>较晚版本（0 为现行版本）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="63"/>
        <source>Changed pieces</source>
        <translation>变化图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="61"/>
        <source>Excel report</source>
        <translation>Excel 报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="64"/>
        <source>Changed area (ha)</source>
        <translation>变化面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="88"/>
        <source>The blueprint store has no field {}.</source>
        <translation>一张蓝图版本库没有字段 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="127"/>
        <source>Could not write a feature to output {}: {}</source>
        <translation>无法向输出 {} 写入要素：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="37"/>
        <source>Compares two versions of a blueprint store, or two blueprint layers (e.g. two deliveries, or a blueprint and one rebuilt from a later survey): the pieces whose 用地用海 code changed (before and after code and name, ellipsoidal area in m², 公顷 and 亩) as a layer, and an Excel report with the changed pieces, the area of every level-1 class in both and its change, the transfer matrix (公顷) and, for a store, the approvals (批文号) of the versions between them. Give either the store (with the two version numbers) or both layers (with their code fields).</source>
        <translation>比较一张蓝图版本库中的两个版本，或两个蓝图图层（例如两次成果，或一张蓝图与依据新调查重建的蓝图）：用地用海代码发生变化的图斑（变化前后的代码和名称，椭球面积，单位平方米、公顷和亩）输出为图层；Excel 报告列出变化图斑、两者各一级类面积及其变化、转移矩阵（公顷），版本库还列出两版之间的批文号。请给出版本库（及两个版本号），或两个图层（及各自的代码字段）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="53"/>
        <source>Earlier blueprint layer (instead of a store)</source>
        <translation>较早的蓝图图层（代替版本库）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="53"/>
        <source>Later blueprint layer</source>
        <translation>较新的蓝图图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="57"/>
        <source>Its 用地用海 code field</source>
        <translation>其用地用海代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="69"/>
        <source>Give either a blueprint store or two blueprint layers to compare.</source>
        <translation>请给出一个蓝图版本库，或两个要比较的蓝图图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/compare_blueprints.py" line="74"/>
        <source>{} → {}: {} pieces changed, {:.4f} ha.</source>
        <translation>{} → {}：{} 个图斑变化，{:.4f} 公顷。</translation>
    </message>
</context>
<context>
    <name>ConflictReviewDock</name>
    <message>
        <location filename="../ui/review_dock.py" line="54"/>
        <source>Conflict review (差异图斑审查)</source>
        <translation>差异图斑审查</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="79"/>
        <source>Read the layer again</source>
        <translation>重新读取图层</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="87"/>
        <source>Patches</source>
        <translation>差异图斑</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="94"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="102"/>
        <source> mu</source>
        <translation> 亩</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="104"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="113"/>
        <source>Type</source>
        <translation>差异类型</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="115"/>
        <source>Admin unit</source>
        <translation>行政区</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="117"/>
        <source>Status</source>
        <translation>审查状态</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="119"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="140"/>
        <source>Previous patch</source>
        <translation>上一个图斑</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="141"/>
        <source>Next patch</source>
        <translation>下一个图斑</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="142"/>
        <source>Pending only</source>
        <translation>仅未审查</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="144"/>
        <source>Next/previous skip patches already reviewed</source>
        <translation>切换上一个/下一个时跳过已审查的图斑</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="177"/>
        <source>Reason (处理理由), e.g. the approval document</source>
        <translation>处理理由，如批复文件</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="182"/>
        <source>Reviewer (审查人)</source>
        <translation>审查人</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="653"/>
        <source>Save and next</source>
        <translation>保存并下一个</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="186"/>
        <source>Mark the patch reviewed with this decision (saved to the file at once) and go to the next one</source>
        <translation>以此决定将图斑标记为已审查（立即保存到文件），并转到下一个图斑</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="189"/>
        <source>Take the decision back (未审查)</source>
        <translation>撤销决定（恢复为未审查）</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="202"/>
        <source>Export the ledger to Excel…</source>
        <translation>将台账导出为 Excel…</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="207"/>
        <source>Build blueprint…</source>
        <translation>生成一张蓝图…</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="208"/>
        <source>Open multiplan:build_blueprint with this layer&apos;s decisions</source>
        <translation>以该图层的处理决定打开 multiplan:build_blueprint（生成一张蓝图）</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="295"/>
        <source>{} is opened for viewing only: {}.</source>
        <translation>{} 以只读方式打开：{}。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="794"/>
        <source>Conflict review</source>
        <translation>差异图斑审查</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="298"/>
        <source>The layer “{}” has no review fields {}. Add them to its file? Nothing else is changed; without them the patches can only be viewed.</source>
        <translation>图层“{}”缺少审查字段 {}。是否将其添加到该图层的文件中？不会改动其他任何内容；没有这些字段，只能查看图斑。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="361"/>
        <source>{} is in edit mode: save or discard those edits to go on reviewing.</source>
        <translation>{} 正处于编辑状态：请保存或放弃这些编辑后再继续审查。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="394"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="437"/>
        <source>No pending patch left in this selection.</source>
        <translation>当前筛选范围内已没有未审查的图斑。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="449"/>
        <source>{} of {}</source>
        <translation>{} / {}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="450"/>
        <source>Suggestion: {}</source>
        <translation>建议处理：{}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="450"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="691"/>
        <source>Invalid decision: {}</source>
        <translation>处理决定无效：{}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="558"/>
        <source>Choose a decision first.</source>
        <translation>请先选择处理决定。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="581"/>
        <source>Reviewed {} of {} ({} deferred) · area {:,.2f} of {:,.2f} ha</source>
        <translation>已审查 {} / {}（暂缓 {}）· 面积 {:,.2f} / {:,.2f} 公顷</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="753"/>
        <source>Export review ledger</source>
        <translation>导出审查台账</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="733"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="744"/>
        <source>as stored in the layer (AREA_M2)</source>
        <translation>取自图层中存储的面积（AREA_M2）</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="779"/>
        <source>The ledger could not be written: {}</source>
        <translation>无法写出台账：{}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="781"/>
        <source>Ledger written to {}</source>
        <translation>台账已写入 {}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="163"/>
        <source>Adjust the patch to the 用地用海 2023 code typed in the box</source>
        <translation>将图斑调整为框中输入的用地用海 2023 代码</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="205"/>
        <source>Save a consistent copy of the GeoPackage…</source>
        <translation>保存 GeoPackage 的一致副本…</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="762"/>
        <source>Save a consistent copy</source>
        <translation>保存一致副本</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="762"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="774"/>
        <source>A consistent copy was written to {}</source>
        <translation>一致副本已写入 {}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="81"/>
        <source>Open a shared review on PostGIS…</source>
        <translation>打开 PostGIS 上的协同审查…</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="222"/>
        <source>Department opinions (部门意见)</source>
        <translation>部门意见</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>By</source>
        <translation>填写人</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="228"/>
        <source>Documents</source>
        <translation>文号/附件</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="241"/>
        <source>Document numbers, attachments (文号/附件)</source>
        <translation>文号、附件</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="242"/>
        <source>Submit opinion and next</source>
        <translation>提交意见并转到下一个</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="243"/>
        <source>Record your department&apos;s opinion on the patch (with the decision chosen above as its proposal, if any) and go to the next one</source>
        <translation>记录本部门对该图斑的意见（上方所选处理方式作为本部门建议），并转到下一个图斑</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="630"/>
        <source>The schema {} has no shared review (run “Set up department collaboration” first).</source>
        <translation>模式 {} 中没有协同审查（请先运行“部门协同设置”）。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="645"/>
        <source>Viewing only: the role {} belongs to no department.</source>
        <translation>仅查看：角色 {} 不属于任何部门。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="648"/>
        <source>Acting as {} ({}), the coordinating department: you make the final decisions.</source>
        <translation>当前身份：{}（{}），协调部门：由您作出最终决定。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="651"/>
        <source>Acting as {} ({}): your department&apos;s pending patches come first; give its opinion below.</source>
        <translation>当前身份：{}（{}）：本部门待提意见的图斑排在前面；请在下方填写意见。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="653"/>
        <source>Save final decision and next</source>
        <translation>保存最终决定并转到下一个</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="665"/>
        <source>The opinions could not be read: {}</source>
        <translation>无法读取部门意见：{}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="668"/>
        <source>Final decision</source>
        <translation>最终决定</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="717"/>
        <source>Lost the connection to the shared review: {}</source>
        <translation>与协同审查数据库的连接已断开：{}</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="83"/>
        <source>Show a planning database or blueprint workspace under the patches (control lines, 三区, planning use, admin units)…</source>
        <translation>在差异图斑下方显示规划数据库或蓝图工作库（控制线、三区、规划用途、行政区）…</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="586"/>
        <source>Open a planning database or blueprint workspace</source>
        <translation>打开规划数据库或蓝图工作库</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="608"/>
        <source>{} holds no layer of a planning database or blueprint workspace (control lines, 三区, planning use, admin units).</source>
        <translation>{} 中没有规划数据库或蓝图工作库的图层（控制线、三区、规划用途、行政区）。</translation>
    </message>
    <message>
        <location filename="../ui/review_dock.py" line="611"/>
        <source>{}: {} layers shown under the patches.</source>
        <translation>{}：已在差异图斑下方显示 {} 个图层。</translation>
    </message>
</context>
<context>
    <name>ControlLineCheck</name>
    <message>
        <location filename="../ui/control_check.py" line="87"/>
        <source>The MultiPlan Processing provider is not loaded.</source>
        <translation>MultiPlan 处理工具提供程序未加载。</translation>
    </message>
    <message>
        <location filename="../ui/control_check.py" line="90"/>
        <source>There is nothing to check yet: draw a line or a zone first.</source>
        <translation>尚无可检查的内容：请先绘制控制线或三区。</translation>
    </message>
    <message>
        <location filename="../ui/control_check.py" line="108"/>
        <source>The check failed.</source>
        <translation>检查失败。</translation>
    </message>
</context>
<context>
    <name>CreateBlueprintStoreAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="25"/>
        <source>Create a blueprint store (一张蓝图版本库)</source>
        <translation>创建一张蓝图版本库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="28"/>
        <source>Starts the versioned store of the coordinated blueprint (动态更新): a GeoPackage whose layer YZLT keeps the pieces of every version (TBID piece id, BBQ the version that created it, BBZ the version that retired it), with the tables YZLT_BB (versions: number, date, 批文号, kind, reason, who, note) and YZLT_BG (the pieces each version retired and created). Version 1 is the blueprint given, with its approval. Later versions are made by the update blueprint tool; nothing is ever deleted. An existing store is never overwritten.</source>
        <translation>建立一张蓝图的版本库（动态更新）：一个 GeoPackage，其图层 YZLT 保存每个版本的图斑（TBID 图斑标识，BBQ 生效版本，BBZ 失效版本），表 YZLT_BB 记录版本（版本号、日期、批文号、类型、原因、经办人、备注），表 YZLT_BG 记录每个版本废止和新增的图斑。第 1 版为所给的一张蓝图及其批文。后续版本由“一张蓝图动态更新”工具生成；任何数据都不删除。已有的版本库不会被覆盖。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="37"/>
        <source>Blueprint (一张蓝图)</source>
        <translation>一张蓝图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="39"/>
        <source>Approval document (批文号)</source>
        <translation>批文号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="39"/>
        <source>Approval date (YYYY-MM-DD; empty: today)</source>
        <translation>批准日期（YYYY-MM-DD；留空为今天）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="39"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="39"/>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="39"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="44"/>
        <source>Blueprint store</source>
        <translation>一张蓝图版本库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="46"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="47"/>
        <source>Number of pieces</source>
        <translation>图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="52"/>
        <source>{} already exists: a blueprint store is never overwritten (its history would be lost). Choose a new file, or add a version with the update blueprint tool.</source>
        <translation>{} 已存在：一张蓝图版本库不会被覆盖（否则历史版本将丢失）。请选择新文件，或用“一张蓝图动态更新”工具增加版本。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="69"/>
        <source>{} features without geometry were left out.</source>
        <translation>{} 个没有几何的要素未写入。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/create_blueprint_store.py" line="70"/>
        <source>Version 1: {} pieces.</source>
        <translation>第 1 版：{} 个图斑。</translation>
    </message>
</context>
<context>
    <name>DepartmentLedgerAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="22"/>
        <source>Department ledger (部门台账)</source>
        <translation>部门台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="25"/>
        <source>Writes the Excel ledger of one department from the collaboration schema: the difference patches that concern it (by patch type, as the department table says) with their final decision, status and the department's latest opinion, its open items (patches still awaiting its opinion, no final decision yet) and every opinion it gave. The department is given by its code (GH, ZR …); empty: the department of the connection's role. The database is only read.</source>
        <translation>从协同审查模式生成某一部门的 Excel 台账：涉及该部门的差异图斑（按部门表中的差异类型）及其最终决定、审查状态和该部门最新意见；待办事项（尚待该部门提意见且未作最终决定的图斑）；以及该部门的全部意见记录。部门以代码指定（GH、ZR……）；留空：连接所用角色所属的部门。只读取数据库。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="33"/>
        <source>PostgreSQL connection (saved in QGIS)</source>
        <translation>PostgreSQL 连接（QGIS 中已保存）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="35"/>
        <source>Collaboration schema</source>
        <translation>协同审查模式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="37"/>
        <source>Department code (empty: the connection&apos;s own department)</source>
        <translation>部门代码（留空：连接所属部门）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="39"/>
        <source>Ledger (Excel)</source>
        <translation>台账（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="41"/>
        <source>Patches concerning the department</source>
        <translation>涉及该部门的图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="42"/>
        <source>Open items</source>
        <translation>待办数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="43"/>
        <source>Opinions given</source>
        <translation>已提意见数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="52"/>
        <source>Cannot read the collaboration schema: {}</source>
        <translation>无法读取协同审查模式：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="57"/>
        <source>The role {} belongs to no department: give the department code.</source>
        <translation>角色 {} 不属于任何部门：请填写部门代码。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="61"/>
        <source>There is no department {} (known: {}).</source>
        <translation>没有部门 {}（已有：{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/department_ledger.py" line="69"/>
        <source>{}: {} patches concern it, {} open, {} opinions given.</source>
        <translation>{}：涉及 {} 个图斑，待办 {} 个，已提意见 {} 条。</translation>
    </message>
</context>
<context>
    <name>DependencyDetailsDialog</name>
    <message>
        <location filename="../ui/dependency_notice.py" line="18"/>
        <source>MultiPlan: Python packages</source>
        <translation>MultiPlan：Python 包</translation>
    </message>
    <message>
        <location filename="../ui/dependency_notice.py" line="24"/>
        <source>Copy command</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <location filename="../ui/dependency_notice.py" line="27"/>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>DependencyNotice</name>
    <message>
        <location filename="../ui/dependency_notice.py" line="49"/>
        <source>MultiPlan</source>
        <translation>MultiPlan</translation>
    </message>
    <message>
        <location filename="../ui/dependency_notice.py" line="50"/>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location filename="../ui/dependency_notice.py" line="55"/>
        <source>Copy command</source>
        <translation>复制命令</translation>
    </message>
</context>
<context>
    <name>DetectConflictsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="34"/>
        <source>Detect multi-plan conflicts (差异图斑)</source>
        <translation>多规差异图斑检测</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="37"/>
        <source>Overlays two to four plans (e.g. 城规, 土规, forestry or environmental plans), each with its land-use code field and standard, with the control lines (ecological red line, permanent basic farmland, urban development boundary), approved projects and admin units, and writes every difference patch (差异图斑) with a stable id CYTBBH, each plan's code, class and harmonised 用地用海 class, the conflict type, the control lines it lies in, its admin unit and its ellipsoidal area in m², 公顷 and 亩.

Each piece of ground gets the first type that applies: construction in the red line (HX_JS), construction on basic farmland (NT_JS), red line over farmland (HX_NT), urban boundary over red line (KB_HX) or farmland (KB_NT), urban construction outside the urban boundary (KBW_JS), unknown code (WZ), plans disagreeing on construction (JS_10 = plan 1 construction, plan 2 not: 城规有土规无; JS_01 the reverse), all construction with different uses (YT), optionally all non-construction with different classes (FJ). Ground where the plans agree, or only one plan covers, is counted in the report only.

Patches smaller than the minimum area (default 0.1 亩) or narrower than the minimum width (default 2 m) are slivers: they go to the optional slivers layer and are counted in the report, never dropped. Overlaps inside a plan are resolved in favour of the feature that comes first and reported. The Excel report holds the conflict ledger (冲突台账) with summaries by type and admin unit. Run “Suggest conflict resolutions” next.</source>
        <translation>叠加两至四个规划（如城规、土规、林业或环保规划，各自指定地类代码字段和分类标准）与控制线（生态保护红线、永久基本农田、城镇开发边界）、已批项目和行政区，输出每个差异图斑：稳定编号 CYTBBH、各规划的代码、地类及转换后的用地用海分类、差异类型、所在控制线、所在行政区及椭球面积（平方米、公顷、亩）。

每块用地取第一个适用的类型：生态保护红线内规划建设（HX_JS）、永久基本农田内规划建设（NT_JS）、生态保护红线与永久基本农田重叠（HX_NT）、城镇开发边界内含生态保护红线（KB_HX）或永久基本农田（KB_NT）、城镇开发边界外规划城镇建设用地（KBW_JS）、代码无法识别（WZ）、规划间建设用地不一致（JS_10 = 规划1建设、规划2非建设，即城规有土规无；JS_01 相反）、均为建设用地但用途不同（YT），以及可选的均为非建设用地但地类不同（FJ）。规划一致或仅一个规划覆盖的用地只在报告中统计。

小于最小面积（默认 0.1 亩）或窄于最小宽度（默认 2 米）的图斑为碎片：写入可选的碎片图层并在报告中统计，不会被丢弃。规划内部的重叠归属于排在前面的要素并在日志中报告。Excel 报告包含冲突台账及按类型、按行政区的汇总。下一步运行“差异图斑处理建议”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="57"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="57"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="57"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="57"/>
        <source>Approved projects (已批项目)</source>
        <translation>已批项目</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="63"/>
        <source>Admin units (e.g. townships 乡镇)</source>
        <translation>行政区（如乡镇）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="64"/>
        <source>Compare uses at 用地用海 level</source>
        <translation>按用地用海分类的级别比较用途</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="64"/>
        <source>Level 1 (01 耕地, 07 居住用地 …)</source>
        <translation>一级类（01 耕地、07 居住用地 …）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="64"/>
        <source>Level 2 (0101 水田, 0701 城镇住宅用地 …)</source>
        <translation>二级类（0101 水田、0701 城镇住宅用地 …）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="68"/>
        <source>Also report non-construction classes that differ (FJ)</source>
        <translation>同时报告地类不同的非建设用地（FJ）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="71"/>
        <source>Minimum patch area (m², default 0.1 亩)</source>
        <translation>最小图斑面积（平方米，默认 0.1 亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="74"/>
        <source>Minimum patch width (m, 0 = no width test)</source>
        <translation>最小图斑宽度（米，0 = 不检查宽度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="77"/>
        <source>Folder with edited classification tables (optional)</source>
        <translation>修改后的分类表所在文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="80"/>
        <source>Difference patches</source>
        <translation>差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="82"/>
        <source>Slivers set aside</source>
        <translation>碎片图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="85"/>
        <source>Conflict ledger (Excel)</source>
        <translation>冲突台账（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="87"/>
        <source>Number of difference patches</source>
        <translation>差异图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="87"/>
        <source>Number of slivers set aside</source>
        <translation>碎片图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="87"/>
        <source>Area of the difference patches (ha)</source>
        <translation>差异图斑面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="87"/>
        <source>Area of all inputs (ha)</source>
        <translation>全部输入的总面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="110"/>
        <source>Comparing {} plans: {}.</source>
        <translation>比较 {} 个规划：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="118"/>
        <source>Cannot detect conflicts: {}</source>
        <translation>无法检测差异图斑：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="132"/>
        <source>“{}” has no features; it is not used.</source>
        <translation>“{}”没有要素，不参与计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="148"/>
        <source>Admin layer “{}” has no field {}.</source>
        <translation>行政区图层“{}”没有字段 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="154"/>
        <source>“{}”: {} invalid geometries were repaired on a copy (run the quality check to fix the data).</source>
        <translation>“{}”：{} 个无效几何已在副本上修复（请运行数据质量检查修正数据）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="157"/>
        <source>“{}”: {} pairs of its own features overlap ({:.2f} m²); the overlap was given to the feature that comes first.</source>
        <translation>“{}”：内部有 {} 对要素相互重叠（{:.2f} 平方米）；重叠部分归属于排在前面的要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="166"/>
        <source>Plan “{}”: {} features have unknown or empty codes ({}); their ground is reported as type WZ.</source>
        <translation>规划“{}”：{} 个要素的代码未知或为空（{}）；其所在用地按 WZ 类型报告。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="169"/>
        <source>No difference patches: the plans agree everywhere, or do not overlap.</source>
        <translation>没有差异图斑：各规划处处一致，或互不重叠。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="172"/>
        <source>The plans do not overlap at all: check that they cover the same area and are in the right CRS.</source>
        <translation>各规划完全不重叠：请检查它们是否覆盖同一区域、坐标系是否正确。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="176"/>
        <source>{} {}: {} patches, {:.4f} 公顷 ({:.2f} 亩); slivers {} ({:.2f} 亩)</source>
        <translation>{} {}：{} 个图斑，{:.4f} 公顷（{:.2f} 亩）；碎片 {} 个（{:.2f} 亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="179"/>
        <source>Slivers: below {:.2f} m² or narrower than {:g} m.</source>
        <translation>碎片：小于 {:.2f} 平方米或窄于 {:g} 米。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="163"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/detect_conflicts.py" line="109"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>EcologicalImportanceAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="335"/>
        <source>Extremely important area (极重要, 公顷)</source>
        <translation>极重要区面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="335"/>
        <source>Important area (重要, 公顷)</source>
        <translation>重要区面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="335"/>
        <source>Ordinary area (一般, 公顷)</source>
        <translation>一般区面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="343"/>
        <source>Ecological protection importance (生态保护重要性)</source>
        <translation>生态保护重要性</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="372"/>
        <source>Inputs are levels 1 (most important) … 5</source>
        <translation>输入为等级 1（最重要）… 5</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="374"/>
        <source>Protected areas (自然保护地, level 1)</source>
        <translation>自然保护地（等级 1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="385"/>
        <source>Give at least one ecosystem service importance or ecological sensitivity raster.</source>
        <translation>请至少给出一个生态系统服务功能重要性栅格或生态敏感性栅格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="346"/>
        <source>The guideline's ecological protection importance: the more important of ecosystem service importance (水源涵养, 水土保持, 生物多样性维护, 防风固沙 …) and ecological sensitivity (水土流失, 石漠化, 土地沙化 …) (“取最大值”). Each input raster holds levels 1 = most important … 5, or values graded into 5 levels by natural breaks with the highest values most important (untick “inputs are levels”). The 5-level importance (1 极重要, 2 高度重要, 3 中度重要, 4 较低重要, 5 一般) is the most important level over all inputs; the 3 classes (1 极重要, 2 重要, 3 一般) follow the levels (ecological_levels.csv), so a cell is never 极重要 by level and 一般 by class. Protected areas (自然保护地), when given, are level 1. Rasters are aligned to the first input's grid.

Outputs: levels and classes rasters with colours, an Excel report with the areas (m², 公顷, 亩, ellipsoidal cell areas) per class and level, per admin unit when given. The classes raster is the ecology input of the agricultural and urban evaluations (value 1 excluded).</source>
        <translation>2020 年版指南的生态保护重要性：生态系统服务功能重要性（水源涵养、水土保持、生物多样性维护、防风固沙等）与生态敏感性（水土流失、石漠化、土地沙化等）中较重要者（“取最大值”）。每个输入栅格为等级 1 = 最重要 … 5，或为数值，按自然断点法分为 5 级、数值最高者最重要（取消勾选“输入为等级”）。5 级重要性（1 极重要、2 高度重要、3 中度重要、4 较低重要、5 一般）取全部输入中最重要的等级；3 类（1 极重要、2 重要、3 一般）由等级确定（ecological_levels.csv），因此不会出现等级为极重要而分类为一般的像元。给出自然保护地时，其范围为等级 1。各栅格对齐到第一个输入的网格。

输出：带颜色的等级与分类栅格，以及 Excel 报告，给出各分类和等级的面积（平方米、公顷、亩，按椭球像元面积），给出行政区时按行政区分别统计。分类栅格用作农业生产和城镇建设评价的生态输入（值为 1 的予以扣除）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="360"/>
        <source>Ecosystem service importance (生态系统服务功能重要性): rasters, or polygons with a level field</source>
        <translation>生态系统服务功能重要性：栅格，或带等级字段的面图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="363"/>
        <source>Ecological sensitivity (生态敏感性): rasters, or polygons with a level field</source>
        <translation>生态敏感性：栅格，或带等级字段的面图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="366"/>
        <source>Level field of polygon inputs (1 = most important … 5)</source>
        <translation>面图层输入的等级字段（1 = 最重要 … 5）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="369"/>
        <source>Cell size when every input is a polygon layer (m)</source>
        <translation>输入均为面图层时的像元大小（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="424"/>
        <source>“{}” has no level field {}: choose the field with the levels 1 … 5.</source>
        <translation>“{}”没有等级字段 {}：请选择存放等级 1 … 5 的字段。</translation>
    </message>
</context>
<context>
    <name>EllipsoidalAreaAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="40"/>
        <source>Calculate areas (ellipsoidal, m² / ha / mu)</source>
        <translation>计算面积（椭球面积，平方米/公顷/亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="63"/>
        <source>Polygon layer</source>
        <translation>面图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="65"/>
        <source>Area method</source>
        <translation>面积计算方法</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="65"/>
        <source>Ellipsoidal (CGCS2000 ellipsoid, 三调 practice)</source>
        <translation>椭球面积（CGCS2000 椭球，三调做法）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="65"/>
        <source>Planimetric (in the layer&apos;s projected CRS)</source>
        <translation>投影面积（图层投影坐标系下的平面面积）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="73"/>
        <source>Layer with areas</source>
        <translation>带面积的图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="74"/>
        <source>Total area (m²)</source>
        <translation>总面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="75"/>
        <source>Total area (ha)</source>
        <translation>总面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="76"/>
        <source>Total area (mu)</source>
        <translation>总面积（亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="77"/>
        <source>Area method used</source>
        <translation>所用面积计算方法</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="84"/>
        <source>Planimetric areas need a projected CRS, but “{}” is in geographic coordinates ({}). Choose the ellipsoidal method or reproject the layer.</source>
        <translation>投影面积需要投影坐标系，但“{}”为地理坐标（{}）。请选择椭球面积，或先将图层重投影。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="98"/>
        <source>The input layer is empty: the output has no features.</source>
        <translation>输入图层为空：输出中没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="105"/>
        <source>planimetric, {}</source>
        <translation>投影面积，{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="106"/>
        <source>Area method: {}</source>
        <translation>面积计算方法：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="110"/>
        <source>{} invalid geometries were measured after repair (make valid); the output keeps their original geometry. Run the data quality check to fix them.</source>
        <translation>{} 个无效几何经修复为有效几何后计算面积；输出保留其原始几何。请运行数据质量检查加以修正。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="114"/>
        <source>{} features have no geometry; their areas are empty.</source>
        <translation>{} 个要素没有几何，其面积为空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="126"/>
        <source>Total area: {:,.2f} m² = {:,.4f} ha = {:,.2f} mu</source>
        <translation>总面积：{:,.2f} 平方米 = {:,.4f} 公顷 = {:,.2f} 亩</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="43"/>
        <source>Adds the area of every polygon to a copy of the layer, in square metres (AREA_M2), hectares (AREA_HA, 公顷) and mu (AREA_MU, 亩; 1 mu = 2000/3 m²), and the method used (AREA_MTHD).

Ellipsoidal area (default) is the area on the CGCS2000 ellipsoid, as the third national land survey (三调) requires: it does not depend on the projection or Gauss-Kruger zone the layer is stored in. Planimetric area is the area in the layer's own projected plane (labelled with that CRS). In a Gauss-Kruger zone it is larger than the ellipsoidal area by about (Δλ·cos φ)², Δλ the distance from the central meridian: 0 on the central meridian, about 60 m² per km² 0.5° away, about 520 m² per km² (0.05 %) at the edge of a 3-degree zone and about 2,100 m² per km² (0.2 %) at the edge of a 6-degree zone (at 30°N; somewhat more further south). Data far from its CRS's central meridian is distorted much more: 12° away at 22°N planimetric areas are 3.9 % (38,800 m² per km²) too large. In planimetric mode the log gives both totals, and warns when they differ by more than 0.1 %.

Invalid geometries are measured after repair (the output keeps the original geometry; the log says how many). Features without geometry get empty areas. The input layer is never modified.</source>
        <translation>在图层副本中为每个多边形添加面积，单位为平方米（AREA_M2）、公顷（AREA_HA）和亩（AREA_MU，1 亩 = 2000/3 平方米），并注明所用方法（AREA_MTHD）。

椭球面积（默认）为 CGCS2000 椭球面上的面积，符合第三次全国国土调查（三调）的要求，与图层所用的投影或高斯-克吕格分带无关。平面面积为图层自身投影平面上的面积（并注明该坐标参考系）。在高斯-克吕格分带中，平面面积约比椭球面积大 (Δλ·cos φ)²，Δλ 为距中央经线的经差：中央经线上为 0，距中央经线 0.5° 约每平方公里 60 平方米，3 度带边缘约每平方公里 520 平方米（0.05%），6 度带边缘约每平方公里 2,100 平方米（0.2%）（北纬 30° 处；更南处略大）。远离其坐标参考系中央经线的数据变形大得多：在北纬 22° 距中央经线 12° 处，平面面积偏大 3.9%（每平方公里 38,800 平方米）。平面面积模式下日志同时给出两种合计，二者相差超过 0.1% 时发出警告。

无效几何先修复再量算（输出保留原几何，日志注明数量）。无几何的要素面积为空。输入图层不会被修改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="138"/>
        <source>Planimetric total in {}: {:,.2f} m²; ellipsoidal total (CGCS2000 ellipsoid): {:,.2f} m²; the planimetric figures are {:+.3f} % ({:+,.0f} m² per km²) off.</source>
        <translation>{} 中的平面面积合计：{:,.2f} 平方米；椭球面积合计（CGCS2000 椭球）：{:,.2f} 平方米；平面面积偏差 {:+.3f}%（每平方公里 {:+,.0f} 平方米）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="142"/>
        <source>That is more than {:g} %: the data lies far from its CRS&apos;s central meridian (or the projection is not meant for areas). Use the ellipsoidal method for planning figures.</source>
        <translation>偏差超过 {:g}%：数据远离其坐标参考系的中央经线（或该投影不适合量算面积）。规划数据请使用椭球面积。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/ellipsoidal_area.py" line="70"/>
        <source>Decimal places of m² and 亩 (公顷 get two more)</source>
        <translation>平方米和亩的小数位数（公顷多两位）</translation>
    </message>
</context>
<context>
    <name>ExportCoordinateTxtAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="29"/>
        <source>Export coordinate TXT (界址点坐标)</source>
        <translation>导出界址点坐标 TXT</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="32"/>
        <source>Writes polygons as a red-line coordinate file for land-use approval: [属性描述] header (2000国家大地坐标系, 3-degree Gauss-Kruger, zone, precision) and one [地块坐标] plot per feature, points as 点号,圈号,X(northing),Y(easting with zone number), outer ring 圈号 1 and holes 2, 3…, each ring closed, 地块面积 in 公顷 as ellipsoidal area.

Layers in another CRS are reprojected to the CGCS2000 3-degree zone of the layer or, if the layer is not in one, of the data's mean longitude (the log says which). Features without geometry are skipped with a warning; invalid geometries are repaired first.</source>
        <translation>将面要素写为用地报批的红线坐标文件：[属性描述] 文件头（2000国家大地坐标系、3 度带高斯-克吕格投影、带号、精度），每个要素一个 [地块坐标] 地块；界址点为 点号,圈号,X（纵坐标）,Y（带带号的横坐标），外环圈号为 1，内环（岛洞）为 2、3……，每个环首尾闭合；地块面积以公顷计，为椭球面积。

其他坐标系的图层会重投影到图层所在的 CGCS2000 3 度带；若图层不在 3 度带中，则按数据平均经度选择带号（日志中说明）。无几何的要素跳过并给出警告；无效几何先修复。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="42"/>
        <source>Polygon layer</source>
        <translation>面图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="44"/>
        <source>Plot number field (地块编号)</source>
        <translation>地块编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="44"/>
        <source>Plot name field (地块名称)</source>
        <translation>地块名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="44"/>
        <source>Use field (地块用途)</source>
        <translation>地块用途字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="44"/>
        <source>Land-use code field (地类编码)</source>
        <translation>地类编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="50"/>
        <source>Producer (数据产生单位)</source>
        <translation>数据产生单位</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="52"/>
        <source>Date (数据产生日期, empty = today)</source>
        <translation>数据产生日期（为空则为今天）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="54"/>
        <source>Precision (精度, m)</source>
        <translation>精度（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="56"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="58"/>
        <source>Coordinate TXT file</source>
        <translation>界址点坐标 TXT 文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="60"/>
        <source>Number of plots</source>
        <translation>地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="66"/>
        <source>Layer “{}” has no polygons to export.</source>
        <translation>图层“{}”中没有可导出的面。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="68"/>
        <source>{} features without geometry were skipped.</source>
        <translation>已跳过 {} 个无几何的要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="73"/>
        <source>{} invalid geometries were repaired before export.</source>
        <translation>导出前修复了 {} 个无效几何。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="77"/>
        <source>Reprojecting to {} ({}).</source>
        <translation>重投影到 {}（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="104"/>
        <source>Cannot write the coordinate file: {}</source>
        <translation>无法写出坐标文件：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/export_coordinate_txt.py" line="105"/>
        <source>{} plots written to {} ({}).</source>
        <translation>已将 {} 个地块写入 {}（{}）。</translation>
    </message>
</context>
<context>
    <name>ExportDatabaseAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="29"/>
        <source>Export the planning database (成果建库)</source>
        <translation>规划成果建库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="48"/>
        <source>County boundary (县级行政区)</source>
        <translation>县级行政区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="50"/>
        <source>Townships (乡镇级行政区)</source>
        <translation>乡镇级行政区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="50"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="50"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="50"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="50"/>
        <source>Three zones (三区)</source>
        <translation>三区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="50"/>
        <source>Coordinated blueprint (一张蓝图)</source>
        <translation>一张蓝图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="60"/>
        <source>Database standard (CSV; empty: the bundled 市级国土空间总体规划数据库规范)</source>
        <translation>数据库标准（CSV；留空则使用内置的市级国土空间总体规划数据库规范）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="63"/>
        <source>Export table (CSV; empty: the bundled 导出映射.csv)</source>
        <translation>导出对照表（CSV；留空则使用内置的导出映射.csv）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="66"/>
        <source>Planning database</source>
        <translation>规划数据库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="68"/>
        <source>Number of layers written</source>
        <translation>写出的图层数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="69"/>
        <source>Number of features written</source>
        <translation>写出的要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="80"/>
        <source>The planning database must be a .gpkg or .gdb file name.</source>
        <translation>规划数据库的文件名须以 .gpkg 或 .gdb 结尾。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="84"/>
        <source>The county layer has no boundary.</source>
        <translation>县级行政区图层没有边界。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="87"/>
        <source>The county is in {}; the database is written in {}.</source>
        <translation>县域坐标系为 {}；数据库按 {} 写出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="107"/>
        <source>Cannot write the planning database: {}</source>
        <translation>无法写出规划数据库：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="109"/>
        <source>{} {}: {} features.</source>
        <translation>{} {}：{} 个要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="111"/>
        <source>{}: no input fills {}; left empty.</source>
        <translation>{}：没有输入填写 {}，留空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="120"/>
        <source>{}: {} of {} features have no value for {}.</source>
        <translation>{0}：{2} 个要素中有 {1} 个的 {3} 无值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="124"/>
        <source>The standard file gives no 要素代码 (YSDM) for {}: left empty; fill the ysdm column of the standard file when the code is known.</source>
        <translation>标准文件未给出 {} 的要素代码（YSDM），已留空；确知代码后请在标准文件中填写这些图层的要素代码。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="129"/>
        <source>Not written (no input for them): {}.</source>
        <translation>未写出（无对应输入）：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="32"/>
        <source>Writes the county's results into the layers and fields of the planning database standard: the county and township boundaries, the three control lines (生态保护红线, 永久基本农田, 城镇开发边界), the three zones (三区), the coordinated blueprint (一张蓝图 → 规划用地用海) and the planning indicators (the CSV of the planning indicators tool → the table 规划指标), filling 标识码 (BSM), 要素代码 (YSDM, where the standard file gives it), the county code and name, codes and ellipsoidal areas. Output: a new GeoPackage (.gpkg) or FileGDB (.gdb).

Which input fills which field is an editable table (resources/database/导出映射.csv, documented in resources/database/README.md); the standard is the same CSV file the database check uses. Inputs not given are not written, and the log lists every layer of the standard left out and every field left empty. The database is written in the county's CRS when that is a CGCS2000 3-degree Gauss-Krüger zone, else in the zone of the county's centre. Run the database check on the result before delivering it.</source>
        <translation>将县域成果写入规划数据库标准规定的图层和字段：县级和乡镇级行政区、三条控制线（生态保护红线、永久基本农田、城镇开发边界）、三区、一张蓝图（→ 规划用地用海）和规划指标（规划指标核算输出的 CSV → 规划指标表），并填写标识码（BSM）、要素代码（YSDM，标准文件给出时）、县级行政区代码和名称、用地用海代码及椭球面积。输出为新的 GeoPackage（.gpkg）或 FileGDB（.gdb）。

各字段由哪个输入填写见可编辑的对照表（resources/database/导出映射.csv，说明见 resources/database/README.md）；数据库标准与数据库质检使用同一个 CSV 文件。未提供的输入不写出，日志列出标准中未写出的每个图层和每个留空的字段。县域为 CGCS2000 3 度带高斯-克吕格投影时按其坐标系写出，否则按县域中心所在的 3 度带写出。交付前请对结果运行规划数据库质检。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="57"/>
        <source>Planning indicators table (CSV of the planning indicators tool)</source>
        <translation>规划指标表（规划指标核算输出的 CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="141"/>
        <source>Cannot read the planning indicators table {}: {}</source>
        <translation>无法读取规划指标表 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="70"/>
        <source>Features left out (no area)</source>
        <translation>未写出的要素数（无面积）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="114"/>
        <source>{}: {} features have no area on the 0.1 mm delivery grid (slivers) and were left out.</source>
        <translation>{}：{} 个要素在 0.1 毫米交付格网上没有面积（碎片），未写出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="117"/>
        <source>{}: the input has none of the fields {} for {}.</source>
        <translation>{0}：输入中没有用于 {2} 的字段 {1}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/database/export_database.py" line="129"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ExtractBlueprintVersionAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="18"/>
        <source>Extract a blueprint version</source>
        <translation>提取一张蓝图版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="21"/>
        <source>Writes one version of a blueprint store as a plain layer: the version given, else the last one approved on or before the date given, else the current one. The store is only read.</source>
        <translation>将一张蓝图版本库的某一版本写为普通图层：给定版本号时为该版本，否则为给定日期及以前批准的最后一个版本，否则为现行版本。版本库只读取。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="26"/>
        <source>Blueprint store</source>
        <translation>一张蓝图版本库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="27"/>
        <source>Version (0: by date, else the current)</source>
        <translation>版本（0 为按日期，否则为现行版本）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="30"/>
        <source>As of date (YYYY-MM-DD)</source>
        <translation>截至日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="31"/>
        <source>Blueprint version</source>
        <translation>一张蓝图版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="33"/>
        <source>Version written</source>
        <translation>写出的版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/extract_blueprint_version.py" line="40"/>
        <source>Version {}: {} pieces.</source>
        <translation>第 {} 版：{} 个图斑。</translation>
    </message>
</context>
<context>
    <name>ImplementationAssessmentAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="57"/>
        <source>Implementation assessment (实施评估)</source>
        <translation>规划实施评估（实施评估）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="60"/>
        <source>Assesses how the plan is carried out, year by year: the blueprint (a layer, or a version of a blueprint store), the control lines and one or more later land-use surveys (年度变更调查), each with its year, optionally with the base-year survey (else the earliest survey is the base).

Per year and per township it gives the new construction land (inside and outside the urban development boundary, on permanent basic farmland, inside the ecological red line, where the blueprint plans no construction), the farmland (耕地) lost and gained, and the planning indicators measured on the survey (耕地保有量, 建设用地总规模, 城镇建设用地规模, 林地, 湿地, 陆地水域) against their targets: the county's from the target table when it has the indicator, else the blueprint's figure; a township's is the blueprint's figure in the township. Each indicator gets a 预警 level, green, yellow or red, from an editable threshold table (default resources/monitoring/warning_thresholds.csv; the defaults are UNVERIFIED, set your province's).

Codes of any standard are harmonised to 用地用海 2023 and counted with the indicator code table, as the planning indicators are. Ground whose code is unknown in either year is not judged and its area is reported. Years come from the years parameter (one per survey layer, in the order given) or from the layer names (DLTB_2025, 2025年度变更调查). Areas are ellipsoidal on CGCS2000.

Outputs: the monitoring patches (新增建设用地, 耕地减少, 耕地增加, each named by the survey's own identifiers), an Excel 实施评估报告 (yearly indicators, trends with native Excel charts, warnings by township, changes, patches, thresholds, notes), a PNG chart per key indicator and an HTML summary.</source>
        <translation>逐年评估规划实施情况：输入一张蓝图（图层，或蓝图版本库中的某一版本）、控制线，以及一期或多期年度变更调查（每期有其年份），可另给基期调查（未给时以最早一期调查为基期）。

按年度、按乡镇给出：新增建设用地（位于城镇开发边界内/外、占用永久基本农田、位于生态保护红线内、位于蓝图规划非建设用地上的面积），耕地减少与增加，以及在调查上量算的规划指标（耕地保有量、建设用地总规模、城镇建设用地规模、林地、湿地、陆地水域）与目标的对比：全县目标取自目标表（表中有该指标时），否则取一张蓝图的面积；乡镇目标为一张蓝图在该乡镇内的面积。每项指标按可编辑的阈值表给出绿色、黄色或红色预警（默认 resources/monitoring/warning_thresholds.csv，默认值未经核实，请按本省规定设置）。

各标准的地类代码先转换为用地用海 2023，再按指标代码表计数，与规划指标核算一致。任一年份代码未知的土地不作判定，并报告其面积。年份取自年份参数（每个调查图层一个，顺序相同）或图层名称（DLTB_2025、2025年度变更调查）。面积为 CGCS2000 椭球面积。

输出：监测图斑（新增建设用地、耕地减少、耕地增加，以调查图斑自身的标识码标明）、Excel 实施评估报告（年度指标、含 Excel 原生图表的趋势、乡镇预警、变化、监测图斑、阈值、说明）、每项关键指标一张 PNG 图表，以及 HTML 摘要。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="82"/>
        <source>三调 working classification (GB/T 21010)</source>
        <translation>三调工作分类（GB/T 21010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="82"/>
        <source>城规 urban plan (GB 50137-2011)</source>
        <translation>城规（GB 50137-2011）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="83"/>
        <source>土规 land-use plan (TD/T 1024-2010)</source>
        <translation>土规（TD/T 1024-2010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="83"/>
        <source>用地用海分类 2023</source>
        <translation>用地用海分类 2023</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="84"/>
        <source>Blueprint (一张蓝图) layer</source>
        <translation>一张蓝图图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="86"/>
        <source>Blueprint land-use code field</source>
        <translation>一张蓝图地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="89"/>
        <source>Standard of the blueprint&apos;s codes</source>
        <translation>一张蓝图代码所用标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="91"/>
        <source>Or: blueprint store (a version of it is the blueprint)</source>
        <translation>或：蓝图版本库（以其中某一版本为一张蓝图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="94"/>
        <source>Version of the store (0: the current)</source>
        <translation>版本库版本号（0：当前版本）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="97"/>
        <source>Later land-use surveys (年度变更调查), one layer per year</source>
        <translation>年度变更调查（每年一个图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="100"/>
        <source>Their years, in the same order (e.g. 2024,2025; empty: from the layer names)</source>
        <translation>各调查的年份，顺序相同（如 2024,2025；留空：取自图层名称）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="103"/>
        <source>Survey land-use code field</source>
        <translation>调查地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="105"/>
        <source>Standard of the survey codes</source>
        <translation>调查地类代码所用标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="107"/>
        <source>Survey identifier field (empty: BSM, 标识码 or OBJECTID)</source>
        <translation>调查图斑标识字段（留空：BSM、标识码或 OBJECTID）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="109"/>
        <source>Base-year survey (e.g. 三调; optional)</source>
        <translation>基期调查（如三调；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="111"/>
        <source>Base year (0: from the layer name)</source>
        <translation>基期年份（0：取自图层名称）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="114"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="114"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="114"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="118"/>
        <source>Townships (乡镇) for the figures by township</source>
        <translation>乡镇（用于分乡镇统计）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="119"/>
        <source>Planning indicator targets (CSV or Excel, optional)</source>
        <translation>规划指标目标值（CSV 或 Excel，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="122"/>
        <source>Edited warning thresholds (CSV, optional)</source>
        <translation>修改后的预警阈值表（CSV，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="125"/>
        <source>Edited indicator code table (optional, indicator_codes.csv)</source>
        <translation>修改后的指标代码表（可选，indicator_codes.csv）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="128"/>
        <source>Folder with edited classification tables (optional)</source>
        <translation>修改后的分类表所在文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="131"/>
        <source>Name of the county for the titles (optional)</source>
        <translation>标题中的县名（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="141"/>
        <source>Monitoring patches</source>
        <translation>监测图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="135"/>
        <source>Assessment report (Excel)</source>
        <translation>实施评估报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="137"/>
        <source>Folder for the PNG charts</source>
        <translation>PNG 图表文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="139"/>
        <source>HTML summary</source>
        <translation>HTML 摘要</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="141"/>
        <source>Red warnings in the latest year</source>
        <translation>最近一年红色预警数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="141"/>
        <source>Yellow warnings in the latest year</source>
        <translation>最近一年黄色预警数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="141"/>
        <source>New construction land, all years (ha)</source>
        <translation>各年新增建设用地合计（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="141"/>
        <source>New construction outside the urban boundary, all years (ha)</source>
        <translation>各年城镇开发边界外新增建设用地合计（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="141"/>
        <source>Farmland lost, all years (ha)</source>
        <translation>各年耕地减少合计（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="155"/>
        <source>Choose at least one later land-use survey.</source>
        <translation>请至少选择一期年度变更调查。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="159"/>
        <source>Give the blueprint: a layer or a blueprint store.</source>
        <translation>请提供一张蓝图：图层或蓝图版本库。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="169"/>
        <source>Blueprint: version {} of the store ({} pieces).</source>
        <translation>一张蓝图：版本库第 {} 版（{} 个图斑）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="198"/>
        <source>The year of the base survey “{}” is not in its name: give the base year.</source>
        <translation>基期调查“{}”的名称中没有年份：请填写基期年份。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="230"/>
        <source>Cannot read a table: {}</source>
        <translation>无法读取表格：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="256"/>
        <source>The year of the survey “{}” is not in its name: give the years, one per survey layer.</source>
        <translation>调查“{}”的名称中没有年份：请填写年份，每个调查图层一个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="265"/>
        <source>Layer “{}” has no field “{}” (parameter {}).</source>
        <translation>图层“{}”没有字段“{}”（参数 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="276"/>
        <source>“{}” has no features.</source>
        <translation>“{}”没有任何要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="286"/>
        <source>Choose the townships&apos; code or name field.</source>
        <translation>请选择乡镇的代码字段或名称字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="295"/>
        <source>{}: new construction land {:.4f} ha, farmland lost {:.4f} ha, gained {:.4f} ha.</source>
        <translation>{} 年：新增建设用地 {:.4f} 公顷，耕地减少 {:.4f} 公顷，增加 {:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="379"/>
        <source>Could not write a feature to output {}: {}</source>
        <translation>无法向输出 {} 写入要素：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/implementation_assessment.py" line="249"/>
        <source>The year {} given for “{}” contradicts the year {} in its name; give the years in the order of the survey layers.</source>
        <translation>填写的年份 {} 与图层“{}”名称中的年份 {} 不一致；请按调查图层的顺序填写年份。</translation>
    </message>
</context>
<context>
    <name>ImportCoordinateTxtAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="32"/>
        <source>Import coordinate TXT (界址点坐标)</source>
        <translation>导入界址点坐标 TXT</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="35"/>
        <source>Reads a red-line coordinate file (界址点坐标 TXT of land-use approval: [属性描述] header, [地块坐标] plots) into a polygon layer in the file's CRS (e.g. CGCS2000 3-degree zone 39 = EPSG:4527, from 带号 and 几度分带).

Fields: DKBH 地块编号, DKMC 地块名称, DKYT 地块用途, DLBM 地类编码, TFH 图幅号, JZDS 界址点数 (declared), DKMJ declared area (公顷), JSMJ computed ellipsoidal area (公顷), MJCY difference (公顷), TXTHH line number of the plot in the file.

Handled variants: GBK or UTF-8 (detected), X/Y columns swapped (detected from the digit counts), eastings without the zone prefix, unclosed rings, holes (圈号 ≥ 2 or rings inside another), provincial extra fields. Such findings and declared areas differing from the ellipsoidal area by more than the tolerance are warnings; a malformed file stops with the line number.</source>
        <translation>将红线坐标文件（用地报批界址点坐标 TXT：[属性描述] 文件头、[地块坐标] 地块）读为面图层，坐标系取自文件（由带号和几度分带确定，如 CGCS2000 3 度带第 39 带 = EPSG:4527）。

字段：DKBH 地块编号、DKMC 地块名称、DKYT 地块用途、DLBM 地类编码、TFH 图幅号、JZDS 界址点数（申报值）、DKMJ 申报面积（公顷）、JSMJ 计算的椭球面积（公顷）、MJCY 差值（公顷）、TXTHH 地块在文件中的行号。

可处理的情形：GBK 或 UTF-8（自动识别）、X/Y 列颠倒（按位数识别）、横坐标不带带号、环未闭合、岛洞（圈号 ≥ 2 或位于其他环内的环）、各省附加字段。这些情况以及申报面积与椭球面积之差超过容差时给出警告；文件格式错误时停止并指出行号。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="49"/>
        <source>Coordinate TXT file</source>
        <translation>界址点坐标 TXT 文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="49"/>
        <source>Coordinate files (*.txt *.TXT)</source>
        <translation>坐标文件 (*.txt *.TXT)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="51"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="51"/>
        <source>Detect (UTF-8, else GBK)</source>
        <translation>自动识别（UTF-8，否则 GBK）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="53"/>
        <source>Area check tolerance (share of the area)</source>
        <translation>面积核对容差（占面积的比例）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="56"/>
        <source>Declared 地块面积 differing from the ellipsoidal area by more than this share (and more than 1 m²) gives a warning. Default 0.001 = 0.1 %.</source>
        <translation>申报的地块面积与椭球面积之差超过该比例（且超过 1 平方米）时给出警告。默认 0.001 = 0.1%。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="59"/>
        <source>Plots</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="60"/>
        <source>Number of plots</source>
        <translation>地块数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="61"/>
        <source>Number of warnings</source>
        <translation>警告数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="76"/>
        <source>Cannot read {}: {}</source>
        <translation>无法读取 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="78"/>
        <source>Cannot open {}: {}</source>
        <translation>无法打开 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/import_coordinate_txt.py" line="79"/>
        <source>{} plots in {} ({}), CRS {}</source>
        <translation>{} 个地块，文件 {}（{}），坐标系 {}</translation>
    </message>
</context>
<context>
    <name>IntegrateBoundariesAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="41"/>
        <source>Integrate boundaries to a reference (边界整合)</source>
        <translation>边界整合</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="44"/>
        <source>Snaps the boundaries of a plan or control-line layer to a reference (三调 parcels, admin boundaries, the county outline or another plan) before plans are compared, so the edges they share become identical and the difference analysis is not flooded with slivers. Within the tolerance (metres, default 2 m, unverified: a drafting tolerance) every vertex moves to the nearest reference vertex, else onto the nearest reference edge, and reference vertices lying along an edge are inserted into it.

The layer stays a clean coverage: a vertex or edge that neighbours share moves once, for both. A feature that would become invalid, overlap a neighbour or open a gap, or whose ellipsoidal area would change by more than the threshold (percent, default 1 %), is left as it was and reported for review (field ZHZT and the report), together with the vertices its neighbours share with it. The reference and the input are only read; use a clean reference (run the quality check first): its own defects would be copied. Tolerance 0 switches integration off (a plain copy).

Outputs: the integrated copy (the input's fields and ZHZT, 整合状态) and an Excel report per feature (identifier, status, vertices moved and inserted, largest shift, ellipsoidal area before and after and its change in m² and 亩). Run it once per layer (or in a batch).</source>
        <translation>在比较规划之前，把规划或控制线图层的边界吸附到参照图层（三调图斑、行政界线、县域界线或另一规划）上，使共用的边界完全一致，差异分析不再被大量碎片淹没。在容差（米，默认 2 米，待核实：制图容差）以内，每个节点移到最近的参照节点，否则移到最近的参照边上；位于某条边附近的参照节点插入该边。

图层仍是无缝无叠的覆盖：相邻图斑共用的节点或边只移动一次，双方一致。会成为无效几何、与相邻图斑重叠或产生缝隙，或椭球面积变化超过阈值（百分比，默认 1%）的图斑保持原样，并连同与其共用的节点一起留待复核（字段 ZHZT 和报告）。参照图层和输入图层只读；请使用干净的参照图层（先做数据质量检查），否则其自身缺陷会被复制。容差为 0 时不整合（直接复制）。

输出：整合后的副本（输入的字段加 ZHZT 整合状态），以及逐图斑的 Excel 报告（标识码、状态、移动和插入的节点数、最大位移、整合前后的椭球面积及其变化，平方米和亩）。每个图层运行一次（或批量运行）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="61"/>
        <source>Plan or line layer to integrate</source>
        <translation>要整合的规划或控制线图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="63"/>
        <source>Reference (三调 parcels, admin boundaries, another plan)</source>
        <translation>参照图层（三调图斑、行政界线、另一规划）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="66"/>
        <source>Tolerance (m; 0: no integration)</source>
        <translation>容差（米；0：不整合）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="69"/>
        <source>Largest area change of a feature (%) before it is left for review</source>
        <translation>单个图斑允许的最大面积变化（%），超过则留待复核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="72"/>
        <source>Identifier field for the report (empty: BSM, 标识码, OBJECTID or the number)</source>
        <translation>报告中的标识字段（留空：BSM、标识码、OBJECTID 或序号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="75"/>
        <source>Integrated layer</source>
        <translation>整合后的图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="77"/>
        <source>Integration report (Excel)</source>
        <translation>边界整合报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="80"/>
        <source>Features integrated</source>
        <translation>已整合图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="80"/>
        <source>Features left for review (area change)</source>
        <translation>留待复核图斑数（面积变化）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="80"/>
        <source>Features not integrated (topology)</source>
        <translation>未整合图斑数（拓扑）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="80"/>
        <source>Area moved between features (ha)</source>
        <translation>图斑之间移动的面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="101"/>
        <source>The reference “{}” has no features.</source>
        <translation>参照图层“{}”没有任何要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="110"/>
        <source>“{}”: {} features integrated, {} unchanged, {} left for review (area change), {} not integrated (topology), {} invalid on input; {:.4f} ha moved between features.</source>
        <translation>“{}”：已整合 {} 个图斑，未变 {} 个，留待复核（面积变化）{} 个，未整合（拓扑）{} 个，输入无效 {} 个；图斑之间移动面积 {:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="117"/>
        <source>  {} {}: {}</source>
        <translation>  {} {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/integrate_boundaries.py" line="120"/>
        <source>  … and {} more (see the report)</source>
        <translation>  ……另有 {} 个（见报告）</translation>
    </message>
</context>
<context>
    <name>MakeMapsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="54"/>
        <source>Make the thematic maps (专题图)</source>
        <translation>制作专题图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="78"/>
        <source>County boundary</source>
        <translation>县级行政区界线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="79"/>
        <source>Place name in the titles (else the county&apos;s XZQMC)</source>
        <translation>标题中的地名（默认取县级行政区的 XZQMC）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="81"/>
        <source>Townships (boundaries and names)</source>
        <translation>乡镇（界线与名称）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="82"/>
        <source>Three zones (三区)</source>
        <translation>三区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="82"/>
        <source>Ecological red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="83"/>
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="84"/>
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="85"/>
        <source>Blueprint (一张蓝图)</source>
        <translation>一张蓝图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="85"/>
        <source>Difference patches</source>
        <translation>差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="86"/>
        <source>Control line check problems</source>
        <translation>控制线检查问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="87"/>
        <source>Project red lines (one location map each)</source>
        <translation>建设项目红线（每个项目一幅位置图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="88"/>
        <source>Township name field</source>
        <translation>乡镇名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="89"/>
        <source>Zone code field (1 urban, 2 agricultural, 3 ecological)</source>
        <translation>三区代码字段（1 城镇、2 农业、3 生态）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="91"/>
        <source>用地用海 code field</source>
        <translation>用地用海代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="99"/>
        <source>Project number field</source>
        <translation>项目编号字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="102"/>
        <source>Project name field</source>
        <translation>项目名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="105"/>
        <source>Ecological protection importance (graded raster)</source>
        <translation>生态保护重要性（分级栅格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="106"/>
        <source>Agricultural suitability (graded raster)</source>
        <translation>农业生产适宜性（分级栅格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="107"/>
        <source>Urban suitability (graded raster)</source>
        <translation>城镇建设适宜性（分级栅格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="110"/>
        <source>Paper (landscape)</source>
        <translation>图幅（横向）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="112"/>
        <source>Resolution of the PNG and PDF (dpi)</source>
        <translation>PNG 与 PDF 分辨率（dpi）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="115"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="116"/>
        <source>Maps made</source>
        <translation>已制专题图数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="117"/>
        <source>QGIS project of the maps</source>
        <translation>专题图 QGIS 工程</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="127"/>
        <source>Give at least one layer to map besides the county (three zones, lines, blueprint, patches, problems, rasters or projects).</source>
        <translation>除县级行政区外，请至少提供一个制图图层（三区、三条控制线、一张蓝图、差异图斑、检查问题、评价栅格或建设项目）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="135"/>
        <source>No Chinese font is installed (e.g. fonts-wqy-microhei): Chinese text may show as boxes.</source>
        <translation>未安装中文字体（如 fonts-wqy-microhei）：中文可能显示为方框。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="148"/>
        <source>Map {} of {}: {}</source>
        <translation>第 {} 幅（共 {} 幅）：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="157"/>
        <source>The map “{}” could not be written: {}</source>
        <translation>专题图“{}”无法写出：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="161"/>
        <source>{}: not made (no input for it).</source>
        <translation>{}：未制作（未提供所需图层）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="164"/>
        <source>{} maps, {} files.</source>
        <translation>共 {} 幅专题图，{} 个文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="185"/>
        <source>“{}” has no field “{}” (parameter “{}”).</source>
        <translation>“{}”没有字段“{}”（参数“{}”）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/make_maps.py" line="62"/>
        <source>Renders the county's thematic maps from the results of a run (or the layers of a standard planning database, e.g. 规划数据库.gpkg|layername=GHYDYH with the code field YDYHFLDM): 三区三线图, 规划用途图 (用地用海 colours of the 制图规范 附录B, with the level-1 structure table), 差异图斑分布图 (with counts and areas by type), the 双评价 maps (ecological importance, agricultural and urban suitability grades), 控制线检查图 (with the problems by rule) and one location map per project (the project, its township and the county). A map is made for each input given; the county is required. Each map has a title, a legend of the classes present, a north arrow, scale bars, a CGCS2000 graticule, the township boundaries and names and a source and date note. Output folder: one PDF and one PNG per map (the project maps: one PDF page and one PNG per project), the layouts as .qpt templates (模板), the layer styles as .qml (样式) and a QGIS project (专题图.qgz) with every layer styled, to open and adjust. Chinese text uses the first installed of Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, SimHei … Areas are ellipsoidal on CGCS2000.</source>
        <translation>根据一次运行的成果（或标准规划数据库的图层，例如 规划数据库.gpkg|layername=GHYDYH，代码字段 YDYHFLDM）制作全县专题图：三区三线图、规划用途图（制图规范附录B 用地用海配色，附一级类结构表）、差异图斑分布图（附按类型统计的个数与面积）、双评价成果图（生态保护重要性、农业生产适宜性和城镇建设适宜性分级）、控制线检查图（附按规则统计的问题）以及每个建设项目一幅位置图（项目、所在乡镇与全县）。提供哪个图层就制作相应的专题图；县级行政区必填。每幅图含标题、仅列出图中出现类别的图例、指北针、比例尺、CGCS2000 经纬网、乡镇界线与名称以及数据来源和制图日期注记。输出文件夹：每幅图一个 PDF 和一个 PNG（项目位置图每个项目一页 PDF 和一个 PNG），版式模板 .qpt（模板）、图层样式 .qml（样式），以及各图层均已配置样式的 QGIS 工程（专题图.qgz），可打开后调整。中文字体依次选用已安装的 Microsoft YaHei、Noto Sans CJK SC、文泉驿微米黑、SimHei……面积为 CGCS2000 椭球面积。</translation>
    </message>
</context>
<context>
    <name>MultiPlanAlgorithm</name>
    <message>
        <location filename="../processing/messages.py" line="7"/>
        <source>The run was cancelled; no complete output was written.</source>
        <translation>运行已取消，未写出完整结果。</translation>
    </message>
    <message>
        <location filename="../processing/messages.py" line="17"/>
        <source>Could not write a feature to the output: {}</source>
        <translation>无法将要素写入输出：{}</translation>
    </message>
    <message>
        <location filename="../processing/messages.py" line="13"/>
        <source>ellipsoidal, CGCS2000 ellipsoid</source>
        <translation>椭球面积，CGCS2000 椭球</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="49"/>
        <source>Admin units for the area table (e.g. townships 乡镇)</source>
        <translation>用于面积统计表的行政区（如乡镇）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="52"/>
        <source>Admin unit code field</source>
        <translation>行政区代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="52"/>
        <source>Admin unit name field</source>
        <translation>行政区名称字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="70"/>
        <source>Admin units have no field “{}”.</source>
        <translation>行政区没有字段“{}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="107"/>
        <source>Layer “{}” has no field “{}” (parameter {}).</source>
        <translation>图层“{}”没有字段“{}”（参数 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="163"/>
        <source>The output {} was written but could not be styled: {}</source>
        <translation>输出 {} 已写出，但未能设置样式：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="191"/>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="191"/>
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="192"/>
        <source>no geometry</source>
        <translation>无几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="192"/>
        <source>no polygons</source>
        <translation>非面要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="194"/>
        <source>“{}” ({}) holds {}; this input needs a polygon layer.</source>
        <translation>“{}”（{}）是{}图层；此输入需要面图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="215"/>
        <source>Shapefile field names have at most 10 characters; renamed: {}.</source>
        <translation>Shapefile 字段名最多 10 个字符，已改名：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="81"/>
        <source>Admin code {} is carried by {} features: their areas are added up as one unit.</source>
        <translation>行政区代码 {} 由 {} 个要素共用：其面积合并为一个单元统计。</translation>
    </message>
</context>
<context>
    <name>MultiPlanDependencies</name>
    <message>
        <location filename="../dependencies.py" line="85"/>
        <source>{name} is not installed.</source>
        <translation>未安装 {name}。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="87"/>
        <source>{name} {found} is too old: MultiPlan needs {minimum} or newer.</source>
        <translation>{name} {found} 版本过旧：MultiPlan 需要 {minimum} 或更高版本。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="90"/>
        <source>{name} {found} uses GEOS {geos} but QGIS uses GEOS {qgis_geos}; on Linux both must be the same, so shapely has to be built from source (pip --no-binary shapely).</source>
        <translation>{name} {found} 使用 GEOS {geos}，而 QGIS 使用 GEOS {qgis_geos}；在 Linux 上两者必须一致，因此 shapely 需从源码编译安装（pip --no-binary shapely）。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="94"/>
        <source>{name} is installed but does not work inside QGIS: {detail}</source>
        <translation>已安装 {name}，但在 QGIS 中无法使用：{detail}</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="313"/>
        <source>QGIS&apos;s own Python packages are incomplete: reinstall QGIS.</source>
        <translation>QGIS 自带的 Python 包不完整：请重新安装 QGIS。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="315"/>
        <source>Run this in the conda environment QGIS runs in, then restart QGIS:</source>
        <translation>请在 QGIS 所在的 conda 环境中运行以下命令，然后重启 QGIS：</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="317"/>
        <source>Open the OSGeo4W Shell (Start menu → QGIS → OSGeo4W Shell), run this, then restart QGIS:</source>
        <translation>请打开 OSGeo4W Shell（开始菜单 → QGIS → OSGeo4W Shell），运行以下命令，然后重启 QGIS：</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="319"/>
        <source>Run this in a terminal, then restart QGIS:</source>
        <translation>请在终端中运行以下命令，然后重启 QGIS：</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="332"/>
        <source>Python packages missing or unusable: {packages}; MultiPlan&apos;s tools are off. {where}</source>
        <translation>缺少或无法使用的 Python 包：{packages}；MultiPlan 的工具已停用。{where}</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="340"/>
        <source>MultiPlan loaded without its Processing tools and docks, because:</source>
        <translation>MultiPlan 已加载，但未启用其处理工具和停靠面板，原因如下：</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="346"/>
        <source>This distribution does not let pip install into its Python (and Debian 12&apos;s python3-shapely is 1.8, too old), so the command makes a private environment in {folder}; MultiPlan adds it to QGIS&apos;s Python by itself.</source>
        <translation>此发行版不允许用 pip 向系统 Python 安装包（且 Debian 12 的 python3-shapely 为 1.8，版本过旧），因此该命令在 {folder} 建立一个专用环境；MultiPlan 会自动把它加入 QGIS 的 Python。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="351"/>
        <source>shapely is built from source against the GEOS library QGIS uses: binary wheels from PyPI bring another GEOS and fail inside QGIS on Linux.</source>
        <translation>shapely 将针对 QGIS 所用的 GEOS 库从源码编译：PyPI 上的二进制包自带另一版本的 GEOS，在 Linux 上的 QGIS 中无法使用。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="355"/>
        <source>MultiPlan does not install packages itself: the command above is all it takes, and you see what it changes.</source>
        <translation>MultiPlan 不会自行安装软件包：只需运行上面的命令，其改动一目了然。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="359"/>
        <source>numpy is pinned to the version QGIS uses, so pip never replaces it.</source>
        <translation>命令中将 numpy 固定为 QGIS 所用的版本，pip 不会替换它。</translation>
    </message>
    <message>
        <location filename="../dependencies.py" line="361"/>
        <source>Python used by QGIS: {version} ({python})</source>
        <translation>QGIS 使用的 Python：{version}（{python}）</translation>
    </message>
</context>
<context>
    <name>MultiPlanGroups</name>
    <message>
        <location filename="../processing/algorithms/base.py" line="21"/>
        <source>Data intake and quality</source>
        <translation>数据整理与质检</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="22"/>
        <source>Multi-plan conflicts and blueprint</source>
        <translation>多规差异与一张蓝图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="23"/>
        <source>Control lines and project review</source>
        <translation>控制线检查与项目预审</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="24"/>
        <source>Suitability evaluation (双评价)</source>
        <translation>双评价</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="25"/>
        <source>Statistics and indicators</source>
        <translation>统计与指标</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="26"/>
        <source>Planning database</source>
        <translation>规划数据库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="27"/>
        <source>Blueprint versions and monitoring</source>
        <translation>一张蓝图版本与实施监测</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="28"/>
        <source>Department collaboration</source>
        <translation>部门协同</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/base.py" line="29"/>
        <source>Maps and query</source>
        <translation>成果展示与信息查询</translation>
    </message>
</context>
<context>
    <name>MultiPlanLayerIO</name>
    <message>
        <location filename="../processing/layer_io.py" line="196"/>
        <source>Layer “{}” has no coordinate reference system. Set its CRS (e.g. CGCS2000 / 3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, then run again.</source>
        <translation>图层“{}”没有坐标参考系。请先用“指定投影”设置坐标系（如 CGCS2000 3 度带高斯-克吕格投影，EPSG:4527），再重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="492"/>
        <source>Layer “{}” has no field “{}”.</source>
        <translation>图层“{}”没有字段“{}”。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="185"/>
        <source>Its coordinates look like {}.</source>
        <translation>其坐标看起来是 {}。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="281"/>
        <source>Reading “{}” as {}: it has no .cpg file and its text is not UTF-8 ({}).</source>
        <translation>按 {1} 编码读取“{0}”：该文件没有 .cpg 文件且文本不是 UTF-8（{2}）。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="392"/>
        <source>Reprojecting “{}” from {} to the working CRS {}.</source>
        <translation>将“{}”从 {} 重投影到工作坐标系 {}。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="249"/>
        <source>Working CRS: {} ({}).</source>
        <translation>工作坐标系：{}（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="187"/>
        <source>Its coordinates look like Gauss-Kruger coordinates without the zone number in the easting: choose the zone of the data's area (e.g. EPSG:4548 for CM 117°E).</source>
        <translation>其坐标看起来是横坐标不带带号的高斯-克吕格坐标：请选择数据所在地区的分带（如中央经线 117°E 为 EPSG:4548）。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="191"/>
        <source>Layer “{}” has an undefined coordinate reference system (“{}”, what GeoPackages written without a CRS say), so its coordinates cannot be placed on the Earth. Set its CRS (e.g. CGCS2000 / 3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, then run again.</source>
        <translation>图层“{}”的坐标参考系未定义（“{}”，即未设置坐标系写出的 GeoPackage 所标注的），其坐标无法定位到地球上。请用“指定投影”设置其坐标参考系（如 CGCS2000 / 3 度高斯-克吕格，EPSG:4527），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="475"/>
        <source>“{}”: features are identified by {}.</source>
        <translation>“{}”：要素以 {} 标识。</translation>
    </message>
    <message>
        <location filename="../processing/layer_io.py" line="476"/>
        <source>“{}”: features are identified by their number in the layer (1 = first feature).</source>
        <translation>“{}”：要素以其在图层中的序号标识（1 = 第一个要素）。</translation>
    </message>
</context>
<context>
    <name>MultiPlanPlanInputs</name>
    <message>
        <location filename="../processing/plan_inputs.py" line="33"/>
        <source>三调 working classification (GB/T 21010)</source>
        <translation>三调工作分类（GB/T 21010）</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="34"/>
        <source>城规 urban plan (GB 50137-2011)</source>
        <translation>城规（GB 50137-2011）</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="35"/>
        <source>土规 land-use plan (TD/T 1024-2010)</source>
        <translation>土规（TD/T 1024-2010）</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="36"/>
        <source>用地用海分类 2023</source>
        <translation>用地用海分类 2023</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="40"/>
        <source>Plan {} layer</source>
        <translation>规划 {} 图层</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="42"/>
        <source>(optional)</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="45"/>
        <source>Plan {} land-use code field</source>
        <translation>规划 {} 地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="48"/>
        <source>Plan {} code standard</source>
        <translation>规划 {} 代码标准</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="51"/>
        <source>Plan {} short name (e.g. 城规, 土规; empty: layer name)</source>
        <translation>规划 {} 简称（如 城规、土规；留空用图层名）</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="69"/>
        <source>Plan {} is required: choose its layer.</source>
        <translation>规划 {} 为必填：请选择其图层。</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="91"/>
        <source>Plan {} (“{}”) has no features.</source>
        <translation>规划 {}（“{}”）没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="94"/>
        <source>Choose the land-use code field of plan {} (“{}”).</source>
        <translation>请选择规划 {}（“{}”）的地类代码字段。</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="103"/>
        <source>Plans need different short names, got: {}</source>
        <translation>各规划的简称须互不相同，当前为：{}</translation>
    </message>
    <message>
        <location filename="../processing/plan_inputs.py" line="55"/>
        <source>Plan {} feature id field (empty: BSM, 标识码 or OBJECTID, else the feature number)</source>
        <translation>规划 {} 要素标识字段（留空：BSM、标识码或 OBJECTID，否则用要素序号）</translation>
    </message>
</context>
<context>
    <name>MultiPlanPlugin</name>
    <message>
        <location filename="../plugin.py" line="83"/>
        <source>MultiPlan Processing tools</source>
        <translation>MultiPlan 处理工具</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="83"/>
        <source>Show MultiPlan&apos;s algorithms in the Processing Toolbox</source>
        <translation>在处理工具箱中显示 MultiPlan 的算法</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="113"/>
        <source>MultiPlan help</source>
        <translation>MultiPlan 帮助</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="113"/>
        <source>Open the MultiPlan user guide</source>
        <translation>打开 MultiPlan 用户指南</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="146"/>
        <source>&amp;MultiPlan 多规合一</source>
        <translation>&amp;MultiPlan 多规合一</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="212"/>
        <source>MultiPlan</source>
        <translation>MultiPlan</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="212"/>
        <source>The Processing plugin is not enabled.</source>
        <translation>“处理”插件未启用。</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="87"/>
        <source>Three zones and three lines (三区三线)</source>
        <translation>三区三线</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="87"/>
        <source>Draw and check the control lines and zones of a blueprint workspace</source>
        <translation>在蓝图工作空间中绘制并检查控制线和三区</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="91"/>
        <source>Conflict review (差异图斑审查)</source>
        <translation>差异图斑审查</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="91"/>
        <source>Review difference patches one by one and record decisions</source>
        <translation>逐个审查差异图斑并记录处理决定</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="106"/>
        <source>Missing Python packages…</source>
        <translation>缺少的 Python 包…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="106"/>
        <source>What MultiPlan needs and the command that installs it</source>
        <translation>MultiPlan 需要哪些包，以及安装它们的命令</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="95"/>
        <source>One-map query (一张图查询)</source>
        <translation>一张图查询</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="95"/>
        <source>Click or draw on the map: what every layer of the 一张图 says there</source>
        <translation>在地图上点击或绘制范围：查询一张图各图层在该处的内容</translation>
    </message>
</context>
<context>
    <name>MultiPlanSettings</name>
    <message>
        <location filename="../processing/settings.py" line="53"/>
        <source>Language of reports (auto = QGIS&apos;s language; zh, en or bilingual)</source>
        <translation>报告语言（auto = 跟随 QGIS 界面语言；zh 中文、en 英文、bilingual 中英双语）</translation>
    </message>
    <message>
        <location filename="../processing/settings.py" line="56"/>
        <source>Encoding of shapefiles written (UTF-8 or GBK)</source>
        <translation>输出 Shapefile 的编码（UTF-8 或 GBK）</translation>
    </message>
</context>
<context>
    <name>MultiPlanSinks</name>
    <message>
        <location filename="../processing/sinks.py" line="228"/>
        <source>Output {}: {} texts of field {} were longer than a shapefile field holds (254 bytes, about 84 Chinese characters) and were shortened; write a GeoPackage to keep them whole.</source>
        <translation>输出 {0}：字段 {2} 有 {1} 个文本超过 Shapefile 字段长度上限（254 字节，约 84 个汉字），已截短；如需完整保存请输出为 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../processing/sinks.py" line="233"/>
        <source>Output {}: {} texts of field {} were longer than the field&apos;s width and were shortened.</source>
        <translation>输出 {0}：字段 {2} 有 {1} 个文本超过字段宽度，已截短。</translation>
    </message>
    <message>
        <location filename="../processing/sinks.py" line="191"/>
        <source>Output {}: a FlatGeobuf file cannot hold features without a location, and this result has some; write a GeoPackage or a shapefile instead.</source>
        <translation>输出“{}”：FlatGeobuf 文件不能保存没有位置（几何）的要素，而本次结果中有这样的要素；请改为输出 GeoPackage 或 Shapefile。</translation>
    </message>
</context>
<context>
    <name>OneMapQueryDock</name>
    <message>
        <location filename="../ui/query_panel.py" line="322"/>
        <source>One-map query (一张图查询)</source>
        <translation>一张图查询</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="338"/>
        <source>Query a point: click on the map</source>
        <translation>点查询：在地图上点击</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="340"/>
        <source>Query a polygon: left click adds a vertex, right click finishes, Esc cancels</source>
        <translation>面查询：左键添加节点，右键结束，Esc 取消</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="351"/>
        <source>Visible layers only</source>
        <translation>仅查询可见图层</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="353"/>
        <source>Query the layers shown on the map; untick to query every polygon layer and single-band raster of the project</source>
        <translation>查询地图上显示的图层；取消勾选则查询工程中所有面图层和单波段栅格</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="355"/>
        <source>Clear the result</source>
        <translation>清除结果</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="356"/>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="559"/>
        <source>Click on the map, or draw a polygon, to see what every layer says there.</source>
        <translation>在地图上点击或绘制多边形，查看各图层在该处的内容。</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="370"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="370"/>
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="370"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="370"/>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="371"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="371"/>
        <source>Codes, names, values</source>
        <translation>代码、名称、取值</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="423"/>
        <source>No polygon layer or single-band raster to query: load (or show) the layers of the 一张图 first.</source>
        <translation>没有可查询的面图层或单波段栅格：请先加载（或显示）一张图的图层。</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="428"/>
        <source>Point {}</source>
        <translation>点 {}</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="428"/>
        <source>Polygon {}</source>
        <translation>多边形 {}</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="436"/>
        <source>Not queried: {}</source>
        <translation>未查询：{}</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="470"/>
        <source>the location cannot be transformed: {}</source>
        <translation>查询位置无法转换坐标：{}</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="522"/>
        <source>{}: {:,.4f} ha ({:,.2f} mu)</source>
        <translation>{}：{:,.4f} 公顷（{:,.2f} 亩）</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="526"/>
        <source>{}. {} rows from {} layers ({:.2f} s).</source>
        <translation>{}。共 {} 条结果，来自 {} 个图层（{:.2f} 秒）。</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="566"/>
        <source>Export the query to Excel</source>
        <translation>将查询结果导出到 Excel</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="566"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="579"/>
        <source>The workbook could not be written: {}</source>
        <translation>工作簿无法写出：{}</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="581"/>
        <source>Query written to {}</source>
        <translation>查询结果已写入 {}</translation>
    </message>
    <message>
        <location filename="../ui/query_panel.py" line="585"/>
        <source>One-map query</source>
        <translation>一张图查询</translation>
    </message>
</context>
<context>
    <name>OptimiseControlLinesAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="90"/>
        <source>Propose control-line adjustments (控制线优化建议)</source>
        <translation>控制线优化建议</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="111"/>
        <source>Base-year urban construction land (for the expansion multiple)</source>
        <translation>现状城镇建设用地（用于扩展倍数）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="111"/>
        <source>Approved construction projects (项目红线)</source>
        <translation>已批建设项目（项目红线）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="111"/>
        <source>Land unsuitable for construction (双评价 不适宜, polygons)</source>
        <translation>不适宜建设的土地（双评价不适宜区，面图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="125"/>
        <source>Townships (乡镇) for the balance</source>
        <translation>乡镇（用于面积平衡表）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="126"/>
        <source>Edited rule table (CSV, optional)</source>
        <translation>修改后的规则表（CSV，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="137"/>
        <source>Proposals</source>
        <translation>优化建议</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="132"/>
        <source>Proposed {}</source>
        <translation>建议的{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="135"/>
        <source>Area balance (Excel)</source>
        <translation>面积平衡表（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="137"/>
        <source>Expansion multiple before</source>
        <translation>调整前扩展倍数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="137"/>
        <source>Expansion multiple after</source>
        <translation>调整后扩展倍数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="178"/>
        <source>{}: {:.4f} ha, {:.4f} ha removed, {:.4f} ha added → {:.4f} ha.</source>
        <translation>{}：{:.4f} 公顷，减少 {:.4f} 公顷，增加 {:.4f} 公顷 → {:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="182"/>
        <source>Expansion multiple: {:.4f} → {:.4f} (limit {}).</source>
        <translation>扩展倍数：{:.4f} → {:.4f}（上限 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="93"/>
        <source>Proposes adjustments of the three control lines from rules in an editable table (default resources/control_lines/optimisation_rules.csv; each rule can be switched off or its figure changed): basic farmland gives way to the red line; the urban development boundary gives way to the red line and to basic farmland, takes in approved construction projects (outside both lines), and is shrunk to the expansion limit (default 1.3, unverified: first land unsuitable for construction, then the land farthest from today's urban construction, never the projects just added); fragments below a minimum area (default 400 m²) are dropped and smaller holes filled; with boundaries to follow (e.g. the integrated 三调 parcels), each line's edges follow them within 2 m first (边界整合).

Every change is a feature of the proposals layer: line, rule, add or remove, township, ellipsoidal area (m², 公顷, 亩), a sentence, and CN 是否采纳 (是 by default) with CNLY for the reason: review them there (set CN to 否 to reject), then run “Apply control-line proposals”. The proposed lines (all proposals accepted) and an Excel workbook with the proposals and the area balance per line and township (before, removed, added, after, expansion multiple before and after) are written too. The inputs are only read.</source>
        <translation>按可编辑规则表（默认 resources/control_lines/optimisation_rules.csv；每条规则可关闭或修改数值）提出三条控制线的调整建议：永久基本农田避让生态保护红线；城镇开发边界避让生态保护红线和永久基本农田，纳入已批建设项目（两线以外部分），并收缩到扩展倍数上限以内（默认 1.3，待核实：先扣除不适宜建设的土地，再扣除离现状城镇建设用地最远的部分，刚纳入的项目不扣除）；小于最小面积（默认 400 平方米）的碎块去除、更小的孔洞填补；给出应衔接的边界（如整合后的三调图斑）时，先让各控制线边界在 2 米内与其衔接（边界整合）。

每处调整是建议图层中的一个要素：控制线、规则、增加或减少、乡镇、椭球面积（平方米、公顷、亩）、说明，以及 CN 是否采纳（默认“是”）和 CNLY 理由：在图层中审查（不采纳的把 CN 改为“否”），再运行“采纳控制线优化建议”。同时输出全部采纳时的调整后控制线，以及含建议清单和分控制线、分乡镇面积平衡表（调整前、减少、增加、调整后、调整前后扩展倍数）的 Excel。输入只读。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="111"/>
        <source>Boundaries the lines should follow (e.g. integrated 三调 parcels; optional)</source>
        <translation>控制线应衔接的边界（如整合后的三调图斑；可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="164"/>
        <source>Rules switched off: {}.</source>
        <translation>已关闭的规则：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="188"/>
        <source>Basic farmland falls by {:.4f} ha ({:.2f} mu) if the proposals are accepted: as much must be designated elsewhere (补划).</source>
        <translation>采纳这些建议后，永久基本农田减少 {:.4f} 公顷（{:.2f} 亩），须在别处等量补划。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="198"/>
        <source>{}: features removed whole by the proposals: {}.</source>
        <translation>{}：被建议整体去除的要素：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="111"/>
        <source>County outline (lines are kept inside it)</source>
        <translation>县域范围（控制线不超出县域）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="111"/>
        <source>Reviewed difference patches (decisions for urban construction land are taken into the urban boundary)</source>
        <translation>已审查的差异图斑（决定为城镇建设用地的纳入城镇开发边界）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="120"/>
        <source>Urban construction suitability classes (双评价 raster; optional)</source>
        <translation>城镇建设适宜性分级（双评价栅格，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="122"/>
        <source>Unsuitable class in that raster (cells of this class or above)</source>
        <translation>该栅格中的不适宜等级（此等级及以上的像元）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="219"/>
        <source>Cannot read the suitability raster: {}</source>
        <translation>无法读取适宜性栅格：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="220"/>
        <source>Suitability raster “{}”: {} cells of class {} or above taken as unsuitable land.</source>
        <translation>适宜性栅格“{}”：{} 个等级为 {} 及以上的像元作为不适宜建设用地。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="228"/>
        <source>“{}” has no decision field {}: give reviewed difference patches.</source>
        <translation>“{}”没有处理决定字段 {}：请给出已审查的差异图斑。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="231"/>
        <source>Reviewed patches decided as urban construction land: {}.</source>
        <translation>审查决定为城镇建设用地的差异图斑：{} 个。</translation>
    </message>
</context>
<context>
    <name>PlanningIndicatorsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="47"/>
        <source>Planning indicators against targets (规划指标核算)</source>
        <translation>规划指标核算</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="50"/>
        <source>Measures the core indicators of a plan on the coordinated land-use layer (一张蓝图, e.g. the output of “Build the coordinated blueprint”) and the control lines, and compares them with target values: 耕地保有量 cultivated land, 永久基本农田保护面积 basic farmland, 生态保护红线面积 ecological red line, 城镇开发边界面积 urban boundary, 现状城镇建设用地 base-year urban construction land and the expansion multiple (boundary ÷ base), 建设用地总规模 construction land, 城镇建设用地规模 urban construction land, 人均建设用地 and 人均城镇建设用地 (per planned person and planned urban person), 林地/湿地/陆地水域 areas and their shares of the blueprint, and the blueprint's total area.

Land-use indicators count the blueprint's land by code: codes of the chosen standard (三调, 城规, 土规 or 用地用海) are harmonised to 用地用海 2023 and matched with an editable code table (default resources/indicators/indicator_codes.csv: 耕地 01, 林地 03, 湿地 05, 陆地水域 17, 建设用地 07-16; several choices are UNVERIFIED, see its README). Land whose code has no 用地用海 class counts in the total only, and in 建设用地总规模 when its construction flag field (default JSYD, as the blueprint has it) is 1. Control-line indicators are the areas of the given layers, their own overlaps counted once.

Targets come from an optional CSV (UTF-8 or GBK) or Excel table: indicator (number 01-17, key or Chinese name), target, unit (公顷, 亩, 万亩, 平方米, 平方公里, %, 倍, 平方米/人), comparison (&gt;=, &lt;=, &gt;, &lt;, =, between with target_max) and an optional tolerance; resources/indicators/targets_template.csv is a template. Values are compared as the report shows them (rounded to the unit's decimals). Without a target row, the expansion multiple is checked against the expansion limit (default 1.3: UNVERIFIED, set your own, 0 for none). Results: 达标 pass, 未达标 fail, 无目标 no target, 无法计算 not available.

Areas are ellipsoidal on CGCS2000. Outputs: an Excel report (指标 with the judgement, 用地结构 by 用地用海 level-1 class with a 合计 row, 说明 with the codes counted and the codes without a class), optionally the indicators as CSV (UTF-8 with BOM), and every value as an output number.</source>
        <translation>在协调后的用地图层（一张蓝图，例如“生成一张蓝图（规划协调成果）”的输出）和控制线上量算规划的核心指标，并与目标值比较：耕地保有量、永久基本农田保护面积、生态保护红线面积、城镇开发边界面积、现状城镇建设用地及扩展倍数（城镇开发边界 ÷ 现状城镇建设用地）、建设用地总规模、城镇建设用地规模、人均建设用地和人均城镇建设用地（分别按规划人口和规划城镇人口计）、林地/湿地/陆地水域面积及其占一张蓝图的比例，以及一张蓝图总面积。

用地指标按代码统计一张蓝图中的用地：所选标准（三调、城规、土规或用地用海）的代码转换为 2023 用地用海分类，再按可编辑的代码表匹配（默认 resources/indicators/indicator_codes.csv：耕地 01、林地 03、湿地 05、陆地水域 17、建设用地 07-16；其中若干取值未经核实，见其 README）。代码没有对应用地用海分类的用地只计入总面积；其建设用地标志字段（默认 JSYD，与一张蓝图一致）为 1 时，还计入建设用地总规模。控制线指标为所给图层的面积，图层内部的重叠只计一次。

目标值来自可选的 CSV（UTF-8 或 GBK）或 Excel 表：指标（序号 01-17、键名或中文名称）、目标值、单位（公顷、亩、万亩、平方米、平方公里、%、倍、平方米/人）、比较方式（&gt;=、&lt;=、&gt;、&lt;、=，或 between 配合 target_max 表示区间）以及可选的容差；resources/indicators/targets_template.csv 为模板。按报告中显示的数值比较（按该单位的小数位数取整）。没有目标行时，扩展倍数按扩展倍数上限检查（默认 1.3：未经核实，请自行设定，0 表示不检查）。结果：达标、未达标、无目标、无法计算。

面积为 CGCS2000 椭球面积。输出：Excel 报告（指标：含判定结果；用地结构：按用地用海一级类统计，含合计行；说明：列出所统计的代码和无对应分类的代码），可选的 CSV 指标表（带 BOM 的 UTF-8），以及作为输出数值的各项指标值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="76"/>
        <source>Coordinated blueprint (一张蓝图) or another land-use layer</source>
        <translation>一张蓝图或其他用地图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="78"/>
        <source>Land-use code field</source>
        <translation>地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="81"/>
        <source>Standard of the codes</source>
        <translation>代码所属标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="81"/>
        <source>三调 working classification (GB/T 21010)</source>
        <translation>三调工作分类（GB/T 21010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="81"/>
        <source>城规 urban plan (GB 50137-2011)</source>
        <translation>城规（GB 50137-2011）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="81"/>
        <source>土规 land-use plan (TD/T 1024-2010)</source>
        <translation>土规（TD/T 1024-2010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="81"/>
        <source>用地用海分类 2023</source>
        <translation>用地用海分类 2023</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="84"/>
        <source>Construction flag field (0/1) for codes without a 用地用海 class</source>
        <translation>建设用地标志字段（0/1，用于无对应用地用海分类的代码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="87"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="87"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="87"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="87"/>
        <source>Base-year urban construction land (现状城镇建设用地)</source>
        <translation>基期年现状城镇建设用地</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="92"/>
        <source>Planned population (规划人口, persons, 0 = not given)</source>
        <translation>规划人口（人，0 = 未给出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="92"/>
        <source>Planned urban population (规划城镇人口, persons, 0 = not given)</source>
        <translation>规划城镇人口（人，0 = 未给出）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="97"/>
        <source>Expansion limit when the targets set none (default 1.3, unverified; 0 = none)</source>
        <translation>目标表未设定时的扩展倍数上限（默认 1.3，未经核实；0 = 不检查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="101"/>
        <source>Urban boundary ÷ base-year urban construction land. 1.3 is the commonly cited cap of the 2022 三区三线 rules, not verified; use your province's figure.</source>
        <translation>城镇开发边界 ÷ 基期年现状城镇建设用地。1.3 为 2022 年三区三线划定规则中常被引用的上限，未经核实；请采用本省的数值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="104"/>
        <source>Target values (CSV or Excel; see resources/indicators/targets_template.csv)</source>
        <translation>目标值（CSV 或 Excel；见 resources/indicators/targets_template.csv）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="107"/>
        <source>Edited indicator code table (optional, indicator_codes.csv)</source>
        <translation>修改后的指标代码表（可选，indicator_codes.csv）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="110"/>
        <source>Folder with edited classification tables (optional)</source>
        <translation>修改后的分类表所在文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="113"/>
        <source>Indicator report (Excel)</source>
        <translation>指标核算报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="115"/>
        <source>Indicators (CSV)</source>
        <translation>指标表（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="120"/>
        <source>Indicators that meet their target</source>
        <translation>达标指标数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="120"/>
        <source>Indicators that miss their target</source>
        <translation>未达标指标数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="120"/>
        <source>Indicators without a target</source>
        <translation>无目标指标数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="120"/>
        <source>Indicators that cannot be computed</source>
        <translation>无法计算的指标数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="125"/>
        <source>Passed (no indicator misses its target)</source>
        <translation>通过（无未达标指标）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="138"/>
        <source>“{}” has no features with a geometry: there is nothing to measure.</source>
        <translation>“{}”没有带几何的要素：没有可量算的内容。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="143"/>
        <source>“{}” has no field “{}”: land without a 用地用海 class is not counted as construction land.</source>
        <translation>“{}”没有字段“{}”：无对应用地用海分类的用地不计为建设用地。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="155"/>
        <source>“{}” has no features with a geometry: its area is 0.</source>
        <translation>“{}”没有带几何的要素：其面积为 0。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="175"/>
        <source>Cannot compute the indicators: {}</source>
        <translation>无法核算指标：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="186"/>
        <source>Cannot read the indicator code table: {}</source>
        <translation>无法读取指标代码表：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="195"/>
        <source>Cannot read the target table: {}</source>
        <translation>无法读取目标值表：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="207"/>
        <source>Choose the land-use code field of “{}” ({}).</source>
        <translation>请选择“{}”的地类代码字段（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="213"/>
        <source>Layer “{}” has no field “{}” (parameter {}).</source>
        <translation>图层“{}”没有字段“{}”（参数 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="237"/>
        <source>“{}”: {} features, {:.4f} 公顷 ({:.2f} 亩).</source>
        <translation>“{}”：{} 个要素，{:.4f} 公顷（{:.2f} 亩）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="242"/>
        <source>“{}”: {} invalid geometries were measured after repair on a copy (run the quality check to fix the data).</source>
        <translation>“{}”：{} 个无效几何已在副本上修复后量算（请运行数据质量检查修正数据）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="248"/>
        <source>“{}”: {} pairs of its own features overlap; the overlaps are counted once.</source>
        <translation>“{}”：图层内部有 {} 对要素相互重叠；重叠部分只计一次。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="256"/>
        <source>{} features ({:.4f} 公顷) have codes without a 用地用海 class and count in no land-use class, only in the total area:</source>
        <translation>{} 个要素（{:.4f} 公顷）的代码没有对应的用地用海分类，不计入任何地类，只计入总面积：</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="262"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="262"/>
        <source>no single 用地用海 class</source>
        <translation>无单一对应的用地用海分类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="262"/>
        <source>unknown code</source>
        <translation>未知代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="264"/>
        <source>  code {} ({}): {} features, {:.4f} 公顷</source>
        <translation>  代码 {}（{}）：{} 个要素，{:.4f} 公顷</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="267"/>
        <source>  … and {} more codes (see the report's 说明 sheet)</source>
        <translation>  …… 另有 {} 个代码（见报告的“说明”表）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="271"/>
        <source>{:.4f} 公顷 without a 用地用海 class are counted in 建设用地总规模 by their construction flag.</source>
        <translation>{:.4f} 公顷无对应用地用海分类的用地按建设用地标志计入建设用地总规模。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/statistics/planning_indicators.py" line="278"/>
        <source>not available</source>
        <translation>无法计算</translation>
    </message>
</context>
<context>
    <name>ProjectComplianceAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Zones (三区 or 功能分区)</source>
        <translation>分区（三区或功能分区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Plan (规划用途, e.g. 用地用海 codes)</source>
        <translation>规划（规划用途，如用地用海代码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Land-use survey (国土调查 地类图斑)</source>
        <translation>国土调查地类图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="83"/>
        <source>Suitability evaluation (双评价)</source>
        <translation>双评价结果</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="107"/>
        <source>Project compliance pre-review (项目空间预审)</source>
        <translation>项目空间预审</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="145"/>
        <source>Project red-lines (polygon layer)</source>
        <translation>项目用地红线（面图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="148"/>
        <source>Either this layer or a coordinate TXT file, not both.</source>
        <translation>此图层与坐标 TXT 文件二选一，不可同时给出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="154"/>
        <source>Project name field (empty: XMMC if present)</source>
        <translation>项目名称字段（为空时：有 XMMC 则用之）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="157"/>
        <source>…or project red-lines as a coordinate TXT file (界址点坐标)</source>
        <translation>……或以界址点坐标 TXT 文件给出项目红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="157"/>
        <source>Coordinate files (*.txt *.TXT)</source>
        <translation>坐标文件 (*.txt *.TXT)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="160"/>
        <source>A 界址点坐标 TXT file of land-use approval; swapped X/Y columns are detected.</source>
        <translation>用地报批的界址点坐标 TXT 文件；可自动识别 X/Y 列颠倒。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="162"/>
        <source>TXT encoding</source>
        <translation>TXT 编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="162"/>
        <source>Detect (UTF-8, else GBK)</source>
        <translation>自动识别（UTF-8，否则 GBK）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="168"/>
        <source>Zone class field (empty: KJLXMC or KJLXDM if present)</source>
        <translation>分区类型字段（为空时：有 KJLXMC 或 KJLXDM 则用之）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="170"/>
        <source>Survey land-use code field</source>
        <translation>调查地类编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="172"/>
        <source>Plan land-use code field (needed for the GD rule)</source>
        <translation>规划用途代码字段（GD 规则需要）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="174"/>
        <source>Suitability class field (needed for the SYX rule)</source>
        <translation>适宜性等级字段（SYX 规则需要）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="187"/>
        <source>Buffer distance (m, 0 = off)</source>
        <translation>缓冲距离（米，0 = 不使用）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="190"/>
        <source>Projects within this distance of the red line or basic farmland, without touching it, need attention (relation “near”).</source>
        <translation>与生态保护红线或永久基本农田相距在此距离内（未接触）的项目需关注（关系为“邻近”）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="193"/>
        <source>Cultivated land classes (耕地, code prefixes, comma separated)</source>
        <translation>耕地类别（代码前缀，以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="196"/>
        <source>Survey or plan classes starting with one of these count as cultivated land (三调 0101–0103, 用地用海 01).</source>
        <translation>以其中之一开头的调查或规划地类视为耕地（三调 0101–0103，用地用海 01）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="199"/>
        <source>Unsuitable suitability labels (comma separated)</source>
        <translation>不适宜等级标签（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="202"/>
        <source>Suitability classes containing one of these (case ignored) are unsuitable for construction: rule SYX needs attention.</source>
        <translation>包含其中之一（不区分大小写）的适宜性等级视为不适宜建设：SYX 规则判为需关注。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="211"/>
        <source>Overlaps</source>
        <translation>叠加图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="213"/>
        <source>Projects with status</source>
        <translation>项目及审查结论</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="216"/>
        <source>Pre-review report (Excel)</source>
        <translation>预审报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="218"/>
        <source>Pre-review page with maps (HTML)</source>
        <translation>带位置图的预审页面（HTML）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="225"/>
        <source>Number of projects</source>
        <translation>项目数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="225"/>
        <source>Projects that pass</source>
        <translation>通过的项目数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="225"/>
        <source>Projects that need attention</source>
        <translation>需关注的项目数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="225"/>
        <source>Projects that fail</source>
        <translation>不通过的项目数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="235"/>
        <source>Choose at least one layer to check the projects against (red line, farmland, urban boundary, zones, plan, survey or suitability).</source>
        <translation>请至少选择一个用于审查项目的图层（生态保护红线、永久基本农田、城镇开发边界、分区、规划、调查或双评价）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="259"/>
        <source>Cannot check the projects: {}</source>
        <translation>无法审查项目：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="269"/>
        <source>Give the project red-lines either as a polygon layer (PROJECTS) or as a coordinate TXT file (PROJECT_TXT), not both and not neither.</source>
        <translation>请以面图层（PROJECTS）或坐标 TXT 文件（PROJECT_TXT）之一给出项目红线，不能同时给出，也不能都不给。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="275"/>
        <source>There are no projects to check in {}.</source>
        <translation>{} 中没有可审查的项目。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="276"/>
        <source>{} projects from {}.</source>
        <translation>{} 个项目，来自 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="285"/>
        <source>Cannot read {}: {}</source>
        <translation>无法读取 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="287"/>
        <source>Cannot open {}: {}</source>
        <translation>无法打开 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="289"/>
        <source>Coordinate file {} ({}), CRS {}; it is the working CRS.</source>
        <translation>坐标文件 {}（{}），坐标系 {}；以其为工作坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="293"/>
        <source>The coordinate file has its X and Y columns swapped (easting first, northing second; 界址点 files put the northing X first). MultiPlan detected this and read them the right way round: check the file before submitting it.</source>
        <translation>坐标文件的 X、Y 列颠倒（东坐标在前、北坐标在后；界址点文件应先写北坐标 X）。MultiPlan 已识别并按正确顺序读取：请在报送前检查该文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="297"/>
        <source>Coordinate file: {}</source>
        <translation>坐标文件：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="313"/>
        <source>Working CRS: {} (the projects&apos; CRS).</source>
        <translation>工作坐标系：{}（项目的坐标系）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="344"/>
        <source>Reprojected the features of “{}” from {} to the working CRS {}.</source>
        <translation>已将“{}”的要素从 {} 投影转换到工作坐标系 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="346"/>
        <source>“{}”: {} of {} features read near the projects (within {:g} m){}{}.</source>
        <translation>“{}”：读取项目附近 {} 个要素（共 {} 个，{:g} 米以内）{}{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="346"/>
        <source>, classes from field {}</source>
        <translation>，类别取自字段 {}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="346"/>
        <source>; {} more read to measure the distance of projects farther away</source>
        <translation>；另读取 {} 个以量算较远项目的距离</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="365"/>
        <source>Layer “{}” has no field “{}”: choose its class field ({}).</source>
        <translation>图层“{}”没有字段“{}”：请选择其类别字段（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="381"/>
        <source>The red line of project {} is not a valid polygon ({}), e.g. self-intersecting; it was repaired (make_valid) for the check and the report. Fix the red line before submitting it.</source>
        <translation>项目 {} 的红线不是有效多边形（{}），例如自相交；检查和报告中已对其修复（make_valid）。请在报送前修正红线。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="388"/>
        <source>“{}” has no features: nothing was checked against it.</source>
        <translation>“{}”没有要素：未对其进行任何检查。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="390"/>
        <source>“{}” has no feature within {:g} m of the projects.</source>
        <translation>“{}”在项目 {:g} 米范围内没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="394"/>
        <source>“{}”: {} invalid features near the projects were repaired on a copy (run the quality check to fix the data).</source>
        <translation>“{}”：项目附近 {} 个无效要素已在副本上修复（请运行数据质量检查修正数据）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="397"/>
        <source>“{}” has no class field, so its classes were not judged (rules GD and SYX need one).</source>
        <translation>“{}”没有类别字段，未判定其类别（GD 和 SYX 规则需要类别字段）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="400"/>
        <source>Projects {} have no polygon (empty or not a polygon); they need attention.</source>
        <translation>项目 {} 没有多边形（为空或不是面）；需关注。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="403"/>
        <source>Some project ids occur more than once; choose a field with unique ids.</source>
        <translation>部分项目编号重复出现；请选择编号唯一的字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="408"/>
        <source>{}: {}, {:.2f} m² ({:.4f} 公顷, {:.2f} 亩): {}</source>
        <translation>{}：{}，{:.2f} 平方米（{:.4f} 公顷，{:.2f} 亩）：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="110"/>
        <source>Checks construction project red-lines (项目用地红线), from a polygon layer or a 界址点坐标 TXT file, against the ecological red line, permanent basic farmland, the urban development boundary, zones, a plan, the land-use survey and the suitability evaluation (双评价). Many projects are checked in one run, each with its own rows and report section.

Rules (a pre-review flags, the approving authority decides): HX red line overlapped by more than the minimum overlap area → fail; overlapped by at most that area (a digitising sliver), touched along an edge (zero area) or within the buffer distance → attention, with the area; NT basic farmland the same; KB partly or entirely outside the urban boundary → attention; GD occupies cultivated land (classes starting with the farmland classes, default 01) in the survey or plan → attention; SYX lies in land whose suitability class contains an unsuitable label → attention. A project's status is its worst rule: 通过 pass, 需关注 attention, 不通过 fail. Zones are reported, not judged.

Minimum overlap area (MIN_AREA, default 0.01 亩 = 6.67 m²): red-lines and control lines are drawn independently, and an edge a few centimetres off along 100 m leaves a sliver of a few m². Such an overlap is not passed: the project needs attention and the sliver's area is reported, so it can be checked. 0.01 亩 is the smallest area the reports give in 亩; 0 makes every overlap a fail.

Features are named by their own identifiers: projects by the project id field (empty: XMBH, BSM, 标识码 or OBJECTID when filled and unique, else the feature number, 1 = first); review features by HXBH, JBNTTBBH or BJBH (red line, farmland, urban boundary), BSM, 标识码 or OBJECTID when filled and unique, else their feature number. The same in every file format.

Outputs: the overlap layer (one feature per project, layer and class, ellipsoidal area in m², 公顷 and 亩 and the share of the project), optionally the projects with their status, an Excel report (项目汇总, 规则判定, 叠加明细, 空间关系) and optionally one HTML page with two maps per project: a location map of the project within the county (COUNTY) and its townships (ADMIN), or within the extent of the review layers when neither is given, and a close-up over the review layers. Reports, pages and layer texts are in the report language (MultiPlan setting; Chinese under a Chinese QGIS).

Only the features near the projects are read, through the layers' spatial index: those within 500 m of each project (or the buffer distance if larger). The nearest distance of a clear project is measured from that window outwards: when nothing lies within it, the window is widened until the nearest feature is found, so every distance reported is exact. One project against county-scale layers (100,000 polygons each) takes well under a second. Projects in another CRS than the layers, TXT files with swapped X/Y columns and self-intersecting red-lines are handled and reported in the log and the report.</source>
        <translation>检查建设项目用地红线（来自面图层或界址点坐标 TXT 文件）与生态保护红线、永久基本农田、城镇开发边界、分区、规划、国土调查及双评价结果的关系。一次可审查多个项目，每个项目有各自的记录和报告章节。

规则（预审只作提示，由审批机关决定）：HX 占用生态保护红线面积超过最小重叠面积 → 不通过；重叠面积不超过该值（数字化误差形成的碎片）、仅沿边界接触（面积为零）或位于缓冲距离内 → 需关注，并给出面积；NT 永久基本农田同上；KB 部分或全部位于城镇开发边界以外 → 需关注；GD 占用调查或规划中的耕地（以耕地类别开头的地类，默认 01）→ 需关注；SYX 位于适宜性等级含不适宜标签的区域 → 需关注。项目结论取各规则中最差者：通过、需关注、不通过。分区只报告，不判定。

最小重叠面积（MIN_AREA，默认 0.01 亩 = 6.67 平方米）：项目红线与控制线分别绘制，边界沿 100 米长度偏差几厘米就会留下几平方米的碎片。这类重叠不会被放过：项目判为需关注并报告碎片面积，以便核实。0.01 亩是报告中以亩计的最小面积；设为 0 则任何重叠均判为不通过。

要素以其自身标识命名：项目用项目编号字段（为空时：XMBH、BSM、标识码或 OBJECTID 中值齐全且唯一者，否则用要素序号，1 = 第一个）；审查图层要素用 HXBH、JBNTTBBH 或 BJBH（生态保护红线、永久基本农田、城镇开发边界）、BSM、标识码或 OBJECTID 中值齐全且唯一者，否则用要素序号。各种文件格式结果相同。

输出：叠加图斑图层（每个项目、图层和类别一个要素，椭球面积以平方米、公顷和亩计，并给出占项目面积的比例），可选的项目结论图层，Excel 报告（项目汇总、规则判定、叠加明细、空间关系），以及可选的 HTML 页面，每个项目两幅图：位置图显示项目在县域（COUNTY）及乡镇（ADMIN）中的位置，两者均未提供时显示在审查图层范围中的位置；局部图显示项目与周边审查图层。报告、页面和图层文字使用报告语言（MultiPlan 设置；中文 QGIS 下为中文）。

只通过图层的空间索引读取项目附近的要素：各项目 500 米以内（缓冲距离更大时取缓冲距离）。无占用项目的最近距离从该窗口向外量算：窗口内没有要素时逐步扩大窗口直至找到最近要素，因此报告的距离都是精确值。单个项目对县级图层（每层 10 万个面）的审查远少于一秒。项目与图层坐标系不同、TXT 文件 X/Y 列颠倒、红线自相交等情况都会处理，并在日志和报告中说明。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="150"/>
        <source>Project id field (empty: XMBH, BSM or OBJECTID when filled and unique, else the feature number)</source>
        <translation>项目编号字段（为空时：XMBH、BSM 或 OBJECTID 中值齐全且唯一者，否则用要素序号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="180"/>
        <source>Minimum overlap area (m², default 0.01 亩 = 6.67 m²: digitising slivers)</source>
        <translation>最小重叠面积（平方米，默认 0.01 亩 = 6.67 平方米：数字化碎片）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="183"/>
        <source>A project overlapping the red line or basic farmland by at most this area needs attention (with the area) instead of failing: such slivers come from lines digitised independently. 0: every overlap fails.</source>
        <translation>项目与生态保护红线或永久基本农田的重叠面积不超过此值时判为需关注（并给出面积）而非不通过：这类碎片来自分别绘制的界线。设为 0 则任何重叠均判为不通过。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="205"/>
        <source>County boundary (县域) for the location map</source>
        <translation>县域界线（用于位置图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="208"/>
        <source>The location map of the HTML page shows each project within the county.</source>
        <translation>HTML 页面的位置图显示各项目在县域中的位置。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="210"/>
        <source>Townships (乡镇) for the location map</source>
        <translation>乡镇（用于位置图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="221"/>
        <source>One self-contained page: per project its status, verdicts, overlaps, a location map (the project within the county and its townships) and a close-up map over the review layers.</source>
        <translation>单个独立页面：每个项目的结论、各规则判定、叠加情况、位置图（项目在县域及乡镇中的位置）和叠加审查图层的局部图。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="324"/>
        <source>Project names from field {}.</source>
        <translation>项目名称取自字段 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="326"/>
        <source>The projects have no name field (XMMC); they are listed by id only.</source>
        <translation>项目没有名称字段（XMMC），仅按编号列出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="413"/>
        <source>ring self-intersection</source>
        <translation>环自相交</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="414"/>
        <source>self-intersection</source>
        <translation>自相交</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="415"/>
        <source>too few points</source>
        <translation>点数过少</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="416"/>
        <source>hole outside the outer ring</source>
        <translation>内环位于外环之外</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="417"/>
        <source>nested holes</source>
        <translation>内环嵌套</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="418"/>
        <source>interior is disconnected</source>
        <translation>内部不连通</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="419"/>
        <source>nested outer rings</source>
        <translation>外环嵌套</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="420"/>
        <source>duplicate rings</source>
        <translation>重复的环</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="421"/>
        <source>invalid coordinate</source>
        <translation>无效坐标</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="422"/>
        <source>ring not closed</source>
        <translation>环未闭合</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="485"/>
        <source>{} The townships are shown without it.</source>
        <translation>{} 乡镇显示时不带该字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/project_compliance.py" line="506"/>
        <source>No county boundary (COUNTY) or townships (ADMIN) given: the location maps show the projects within the extent of the review layers.</source>
        <translation>未提供县域界线（COUNTY）或乡镇（ADMIN）：位置图显示项目在审查图层范围中的位置。</translation>
    </message>
</context>
<context>
    <name>QualityCheckAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="59"/>
        <source>Data quality check</source>
        <translation>数据质量检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="86"/>
        <source>Layers to check</source>
        <translation>待检查图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="88"/>
        <source>Boundary for the gap check (e.g. the county)</source>
        <translation>缝隙检查的边界（如县域）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="91"/>
        <source>Land-use code field (used in layers that have it)</source>
        <translation>地类代码字段（用于含该字段的图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="97"/>
        <source>Check codes against</source>
        <translation>地类代码检查依据</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="97"/>
        <source>Do not check codes</source>
        <translation>不检查代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="97"/>
        <source>三调 working classification</source>
        <translation>三调工作分类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="97"/>
        <source>城规 GB 50137-2011</source>
        <translation>城规 GB 50137-2011</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="97"/>
        <source>土规 规划地类</source>
        <translation>土规规划地类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="97"/>
        <source>用地用海分类 2023</source>
        <translation>用地用海分类 2023</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="100"/>
        <source>Ignore overlaps smaller than (m²)</source>
        <translation>忽略小于该面积的重叠（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="100"/>
        <source>Ignore gaps smaller than (m²)</source>
        <translation>忽略小于该面积的缝隙（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="100"/>
        <source>Sliver minimum area without class threshold (m²)</source>
        <translation>无地类阈值时的碎小图斑最小面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="100"/>
        <source>Sliver minimum width (m, 0 = no width test)</source>
        <translation>碎小图斑最小宽度（米，0 = 不检查宽度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="107"/>
        <source>Use the 三调 minimum mapping areas by class</source>
        <translation>按地类采用三调最小上图面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="109"/>
        <source>Expected CRS (empty: any CGCS2000)</source>
        <translation>应采用的坐标系（为空：任一 CGCS2000 坐标系）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="116"/>
        <source>Excel report</source>
        <translation>Excel 报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="118"/>
        <source>Folder for repaired copies (optional)</source>
        <translation>修复副本输出文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="121"/>
        <source>Number of problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="122"/>
        <source>Number of errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="128"/>
        <source>Choose at least one layer to check.</source>
        <translation>请至少选择一个待检查图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="142"/>
        <source>Checking “{}” ({} features)…</source>
        <translation>正在检查“{}”（{} 个要素）…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="185"/>
        <source>No boundary layer: gaps are not checked.</source>
        <translation>未给出边界图层：不检查缝隙。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="190"/>
        <source>The boundary layer “{}” has no polygons.</source>
        <translation>边界图层“{}”中没有面。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="210"/>
        <source>{} instead of {}</source>
        <translation>为 {}，而非 {}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="212"/>
        <source>{}, not CGCS2000</source>
        <translation>{}，不是 CGCS2000</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="225"/>
        <source>“{}” has no field {}: codes and class-specific sliver thresholds are not checked for it.</source>
        <translation>“{}”没有字段 {}：不检查其地类代码，碎小图斑也不按地类阈值判断。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="239"/>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="62"/>
        <source>Checks one or more polygon layers and lists every problem as a point of the problems layer, where the fault is (check, severity, layer, feature id, related feature, code, ellipsoidal area in m² and mu, message, X/Y in the working CRS and longitude/latitude in CGCS2000), the faults that are areas (overlaps, gaps, slivers, duplicates) also as polygons in the problem areas layer, and everything in an Excel report (summary sheet with 小计 per layer, one sheet per check), worded in the report language.

Checks: invalid geometries (reason and location), empty geometries, duplicate geometries, overlaps within a layer, gaps inside the boundary layer (only when a boundary is given), slivers (below the minimum mapping area of the class — by default the 三调 thresholds 200 m² construction, 400 m² cultivated/forest/grass, 600 m² other, selected by the code field — or narrower than the minimum width), unknown or empty land-use codes (when a standard is chosen) and layers not in the expected CRS (by default: not CGCS2000). The gap check applies to every checked layer: check coverages (land-use survey, three zones) and non-covering layers (the three lines) in separate runs.

Features are named by the id field (in layers that have it), else by BSM, 标识码 or OBJECTID when filled and unique, else by their number in the layer (1 = first), the same in every format. Overlaps and gaps smaller than the minimum area (default 1e-5 mu ≈ 0.0067 m², floating-point noise) are ignored. Layers are compared in one working CRS (logged). The optional repair folder receives for every layer a repaired copy (geometries made valid, slivers merged into the neighbour with the longest shared edge, features without geometry kept as they are); the input layers are never modified.</source>
        <translation>检查一个或多个面图层，将每个问题作为问题图层中的一个点列出，点位于问题所在处（检查项、严重程度、图层、要素编号、相关要素、地类代码、椭球面积（平方米和亩）、说明、工作坐标系中的 X/Y 及 CGCS2000 经纬度）；属于面状的问题（重叠、缝隙、碎小图斑、重复图斑）另以面写入问题范围图层；全部问题写入 Excel 报告（汇总表按图层小计，每个检查项一张表），按报告语言表述。

检查项：无效几何（原因及位置）、空几何、重复图斑、图层内重叠、边界图层内的缝隙（仅在给出边界时检查）、碎小图斑（小于所属地类的最小上图面积——默认按地类代码采用三调阈值：建设类 200 平方米，耕园林草 400 平方米，其他 600 平方米——或窄于最小宽度）、未知或为空的地类代码（选择标准时）以及坐标系不符的图层（默认：非 CGCS2000）。缝隙检查对每个被检查图层都适用：请将覆盖型图层（地类图斑、三区）与非覆盖型图层（三线）分开检查。

要素按要素编号字段标识（用于含该字段的图层），否则按 BSM、标识码或 OBJECTID（值齐全且不重复时），否则按其在图层中的序号（1 = 第一个要素），各种格式结果一致。小于最小面积的重叠和缝隙（默认 1e-5 亩 ≈ 0.0067 平方米，属浮点误差）不予报告。各图层在同一工作坐标系中比较（日志中说明）。可选的修复文件夹中为每个图层写出修复后的副本（几何修复为有效，碎小图斑并入公共边最长的相邻图斑，没有几何的要素原样保留）；输入图层绝不修改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="94"/>
        <source>Feature id field (used in layers that have it; else BSM, 标识码 or OBJECTID, else the feature number)</source>
        <translation>要素编号字段（用于含该字段的图层；否则用 BSM、标识码或 OBJECTID，再否则用要素序号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="111"/>
        <source>Problems (points)</source>
        <translation>问题（点）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="113"/>
        <source>Problem areas (overlaps, gaps, slivers, duplicates)</source>
        <translation>问题范围（重叠、缝隙、碎小图斑、重复图斑）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="168"/>
        <source>“{}” has no field {}.</source>
        <translation>“{}”没有字段 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="218"/>
        <source>{}; {}</source>
        <translation>{}；{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="232"/>
        <source>invalid geometries</source>
        <translation>无效几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="232"/>
        <source>empty geometries</source>
        <translation>空几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="233"/>
        <source>duplicate geometries</source>
        <translation>重复图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="233"/>
        <source>overlaps</source>
        <translation>图斑重叠</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="234"/>
        <source>gaps</source>
        <translation>图斑缝隙</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="234"/>
        <source>slivers</source>
        <translation>碎小图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="234"/>
        <source>unknown codes</source>
        <translation>未知地类代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="235"/>
        <source>empty codes</source>
        <translation>地类代码为空</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="235"/>
        <source>CRS not as expected</source>
        <translation>坐标系不符</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="242"/>
        <source>“{}”: {} {}</source>
        <translation>“{}”：{} 处{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="290"/>
        <source>Could not write a feature to output {}: {}</source>
        <translation>无法向输出 {} 写入要素：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="336"/>
        <source>Cannot write the repaired copy {}: {}</source>
        <translation>无法写出修复副本 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="344"/>
        <source>Repaired copy of “{}”: {} ({} geometries made valid, {} slivers merged, {} features, {} of them without geometry).</source>
        <translation>“{}”的修复副本：{}（修复几何 {} 个，合并碎小图斑 {} 个，共 {} 个要素，其中 {} 个没有几何）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/quality_check.py" line="348"/>
        <source>“{}”: {} features have no geometry; the repaired copy keeps them without geometry (see the empty geometry check).</source>
        <translation>“{}”：{} 个要素没有几何；修复副本原样保留这些要素（不含几何，见空几何检查）。</translation>
    </message>
</context>
<context>
    <name>QueryLocationAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="22"/>
        <source>Query the layers at locations (一张图查询)</source>
        <translation>一张图查询</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="25"/>
        <source>For each location (points or polygons, e.g. project red-lines), lists what every given layer says there: the features met with their attributes, and for a polygon the ellipsoidal area met (m², 公顷, 亩) and its share of the location; for every raster (双评价 grades …) the value at a point, or for a polygon the most frequent value of the cells whose centres fall in it, its share, the minimum and the maximum. Locations are named by the identifier field (else BSM, 标识码, OBJECTID or their number). Output: an Excel workbook, all locations in the first sheet, then one sheet per location (up to 100). The layers are only read.</source>
        <translation>逐个位置（点或面，如项目红线）列出所给各图层在该处的内容：相交的要素及其属性；面状位置另给出相交的椭球面积（平方米、公顷、亩）及其占位置面积的比例；对每个栅格（双评价等级等），点给出该处的值，面给出像元中心落在其内的像元的众数、其比例、最小值和最大值。位置以标识字段命名（否则为 BSM、标识码、OBJECTID 或序号）。输出 Excel：第一个工作表为全部位置，其后每个位置一个工作表（最多 100 个）。各图层只读。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="35"/>
        <source>Locations (points or polygons)</source>
        <translation>位置（点或面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="38"/>
        <source>Location identifier field</source>
        <translation>位置标识字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="40"/>
        <source>Layers to query</source>
        <translation>要查询的图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="42"/>
        <source>Rasters to query (optional)</source>
        <translation>要查询的栅格（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="44"/>
        <source>Query result (Excel)</source>
        <translation>查询结果（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="46"/>
        <source>Rows (features met)</source>
        <translation>结果行数（相交要素）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="51"/>
        <source>Choose at least one layer to query.</source>
        <translation>请至少选择一个要查询的图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="55"/>
        <source>“{}” has no locations.</source>
        <translation>“{}”中没有任何位置。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="69"/>
        <source>The raster “{}” is in {}, the locations in {}: give rasters in the locations' CRS.</source>
        <translation>栅格“{}”的坐标系为 {}，位置的坐标系为 {}：请提供与位置坐标系相同的栅格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/maps/query_location.py" line="76"/>
        <source>{} locations, {} layers and {} rasters: {} rows.</source>
        <translation>{} 个位置、{} 个图层、{} 个栅格：共 {} 行结果。</translation>
    </message>
</context>
<context>
    <name>ReclassifyLanduseAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="44"/>
        <source>Harmonise land-use codes (to 用地用海 2023)</source>
        <translation>地类代码转换（转为 2023 用地用海分类）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="64"/>
        <source>Input layer</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="65"/>
        <source>Land-use code field</source>
        <translation>地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="67"/>
        <source>Standard of the codes</source>
        <translation>代码所属标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="67"/>
        <source>三调 working classification (GB/T 21010)</source>
        <translation>三调工作分类（GB/T 21010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="67"/>
        <source>城规 urban plan (GB 50137-2011)</source>
        <translation>城规（GB 50137-2011）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="67"/>
        <source>土规 land-use plan (TD/T 1024-2010)</source>
        <translation>土规规划地类（TD/T 1024-2010）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="67"/>
        <source>用地用海分类 2023</source>
        <translation>用地用海分类 2023</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="70"/>
        <source>Folder with edited classification tables (optional)</source>
        <translation>修改后分类表所在文件夹（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="73"/>
        <source>Fail when a code is unknown</source>
        <translation>遇到未知代码时中止</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="75"/>
        <source>Harmonised layer</source>
        <translation>转换后图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="76"/>
        <source>Unknown codes (CSV)</source>
        <translation>未知代码（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="79"/>
        <source>Features with unknown codes</source>
        <translation>代码未知的要素数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="90"/>
        <source>Cannot use the classification tables: {}</source>
        <translation>无法使用分类表：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="95"/>
        <source>{} features have codes not in the {} table: {}</source>
        <translation>{} 个要素的代码不在 {} 分类表中：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="125"/>
        <source>All {} codes of field {} are known.</source>
        <translation>字段 {1} 的全部 {0} 个代码均可识别。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="127"/>
        <source>{} of {} features have unknown or empty codes in field {}; they are kept with empty harmonised fields:</source>
        <translation>{1} 个要素中有 {0} 个在字段 {2} 中的代码未知或为空；这些要素已保留，转换字段为空：</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="130"/>
        <source>  code {}: {} features</source>
        <translation>  代码 {}：{} 个要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="133"/>
        <source>  … and {} more codes (see the CSV report)</source>
        <translation>  …… 另有 {} 个代码（见 CSV 报告）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="47"/>
        <source>Adds to a copy of the layer the harmonised land-use class of the 2023 classification (国土空间调查、规划、用途管制用地用海分类): code YDYHFLDM, name YDYHFLMC, level-1 class YDYHYJL, construction land flag JSYD (1 建设用地, 0 非建设, as the source standard counts it), space type KJLX (农业/生态/城镇/乡村/基础设施/水域/海洋/其他) and how the code was matched PPFS: 精确 exact, 近似 approximate (to be reviewed), 无对应 unmapped (an aggregate class with no single target; the flags are still set) or 原代码 identity. KJLX, PPFS and the CSV headers are written in the report language (Chinese under a Chinese QGIS, else English; see the MultiPlan settings).

Source standards: 三调 working classification (e.g. DLBM), 城规 GB 50137-2011 (e.g. R2, E1), 土规 规划地类 (e.g. 211, 111) or codes already in the 2023 classification. Codes read as numbers (101 for 0101) are repaired.

The tables are CSV files in the plugin's resources/tables folder; to use edited copies, choose a folder holding files with the same names. Unknown codes are never dropped: their features are kept with empty harmonised fields, counted in the log and in the optional CSV report, or make the run fail if you choose so.</source>
        <translation>在图层副本中添加 2023 年《国土空间调查、规划、用途管制用地用海分类》的对应地类：代码 YDYHFLDM、名称 YDYHFLMC、一级类 YDYHYJL、建设用地标志 JSYD（1 建设用地，0 非建设用地，按源标准口径）、空间类型 KJLX（农业/生态/城镇/乡村/基础设施/水域/海洋/其他）及匹配方式 PPFS：精确（exact，同名对应）、近似（approximate，需复核）、无对应（unmapped，汇总类，无单一对应地类，但仍给出标志）或原代码（identity，本身即用地用海代码）。KJLX、PPFS 和 CSV 表头按报告语言填写（中文 QGIS 下为中文，否则为英文；见 MultiPlan 设置）。

源标准：三调工作分类（如 DLBM）、城规 GB 50137-2011（如 R2、E1）、土规规划地类（如 211、111），或已是 2023 用地用海分类的代码。被读成数字的代码（101 代替 0101）会自动补全。

分类表为插件 resources/tables 文件夹中的 CSV 文件；如需使用修改过的表，请选择存放同名文件的文件夹。未知代码绝不丢弃：其要素保留且转换字段为空，并在日志和可选的 CSV 报告中计数；也可选择遇到未知代码时中止运行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/intake/reclassify_landuse.py" line="130"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>SetupCollaborationAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="23"/>
        <source>Set up department collaboration on PostGIS (部门协同)</source>
        <translation>部门协同设置（PostGIS）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="26"/>
        <source>Creates, in a PostgreSQL database with PostGIS, the schema where departments review the same difference patches at once: the patches (a detect_conflicts or suggest_resolutions result), an append-only opinions table, the views patch_status (the review fields CLJD, SHZT … of the latest final decision, as the GeoPackage review writes them), latest_opinions and pending, and one database role per department of an editable table (default resources/collaboration/departments.csv: 规划局, 自然资源局, 发改, 生态环境局, 农业农村局 and the coordinating 多规合一办公室).

The rules are the database's own, so they hold for any client, plain psql included: every department reads all patches and opinions, adds opinions only for a department whose role it has, never changes or deletes one; only the coordinating role records final decisions, each on top of the current one (two coordinators deciding at once: the second is refused). A decision already made in a GeoPackage review comes along as a final decision.

The roles are created without login: grant them to the people's own login roles (GRANT mp_ziran TO li_si) or give them a password. Run this as a role that may create roles and schemas. Everything is written in one transaction; an existing schema is never touched.</source>
        <translation>在带 PostGIS 的 PostgreSQL 数据库中创建各部门同时审查同一批差异图斑的模式：差异图斑（差异图斑检测或处理建议的结果）、只增不改的意见表、视图 patch_status（按最新最终决定给出 CLJD、SHZT 等审查字段，与 GeoPackage 审查写入的字段相同）、latest_opinions 和 pending，并按可编辑的部门表为每个部门创建一个数据库角色（默认 resources/collaboration/departments.csv：规划局、自然资源局、发改、生态环境局、农业农村局，以及协调部门多规合一办公室）。

规则由数据库本身执行，对任何客户端（包括直接使用 psql）都有效：各部门可读取全部图斑和意见，只能以本部门的名义提交意见，不能修改或删除任何意见；只有协调角色可以记录最终决定，且每个决定都须基于当前决定（两位协调人同时决定时，后者被拒绝）。GeoPackage 中已作出的审查决定将作为最终决定一并导入。

创建的角色不能登录：请将其授予个人登录角色（GRANT mp_ziran TO li_si），或为其设置密码。请以有权创建角色和模式的角色运行。全部内容在一个事务中写入；已存在的模式不会被改动。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="43"/>
        <source>PostgreSQL connection (saved in QGIS)</source>
        <translation>PostgreSQL 连接（QGIS 中已保存）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="45"/>
        <source>Schema to create</source>
        <translation>要创建的模式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="47"/>
        <source>Difference patches</source>
        <translation>差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="49"/>
        <source>Edited department table (CSV, optional)</source>
        <translation>修改后的部门表（CSV，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="52"/>
        <source>Patches loaded</source>
        <translation>已载入图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="53"/>
        <source>Decisions imported</source>
        <translation>已导入决定数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="54"/>
        <source>Department roles</source>
        <translation>部门角色</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="76"/>
        <source>Cannot set up: {}</source>
        <translation>无法设置：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="66"/>
        <source>The patches' CRS {} has no EPSG code; reproject them to a CGCS2000 zone (EPSG:4513–4554) first.</source>
        <translation>差异图斑的坐标系 {} 没有 EPSG 代码；请先投影到 CGCS2000 分带（EPSG:4513–4554）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="78"/>
        <source>The database refused the set-up: {}</source>
        <translation>数据库拒绝了设置：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/collaboration/setup_collaboration.py" line="83"/>
        <source>Schema {}: {} patches, {} decisions imported; department roles: {}.</source>
        <translation>模式 {}：{} 个图斑，导入 {} 个决定；部门角色：{}。</translation>
    </message>
</context>
<context>
    <name>SiteSelectionAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="65"/>
        <source>Project site selection (项目辅助选址)</source>
        <translation>项目辅助选址</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="97"/>
        <source>Candidate parcels (候选地块)</source>
        <translation>候选地块</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="99"/>
        <source>Either candidate parcels or free land; without both, patches of the suitability raster above the threshold.</source>
        <translation>候选地块与空闲土地二选一；两者都未给出时，取适宜性栅格中高于阈值的图斑。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="106"/>
        <source>…or land use with free land (e.g. 三调 地类图斑 DLTB)</source>
        <translation>……或含空闲土地的地类图层（如三调地类图斑 DLTB）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="108"/>
        <source>Land-use code field</source>
        <translation>地类代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="111"/>
        <source>Standard of the land-use codes</source>
        <translation>地类代码所属标准</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="111"/>
        <source>三调 (land survey)</source>
        <translation>三调（国土调查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="111"/>
        <source>城规 GB 50137-2011</source>
        <translation>城规 GB 50137-2011</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="111"/>
        <source>土规 (land-use plan)</source>
        <translation>土规（土地利用总体规划）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="111"/>
        <source>用地用海 2023</source>
        <translation>用地用海 2023</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="111"/>
        <source>None: compare the codes as written</source>
        <translation>无：按原代码比较</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="115"/>
        <source>Free land codes (用地用海 code prefixes, comma separated)</source>
        <translation>空闲土地代码（用地用海代码前缀，以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="118"/>
        <source>Parcels whose 用地用海 code (after conversion from the standard) starts with one of these are free land; with standard “None”, the codes as written are compared.</source>
        <translation>用地用海代码（由所选标准转换后）以其中之一开头的地块视为空闲土地；标准为“无”时，按原代码比较。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="121"/>
        <source>Suitability raster (适宜性评价, a score or grade)</source>
        <translation>适宜性评价栅格（得分或等级）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="123"/>
        <source>Lower suitability values are better (e.g. grades 1 = best)</source>
        <translation>适宜性值越小越好（如等级 1 = 最好）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="126"/>
        <source>Worst suitability value (empty: the raster&apos;s minimum, or maximum when lower is better)</source>
        <translation>最差适宜性值（为空时：取栅格最小值；值越小越好时取最大值）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="126"/>
        <source>Best suitability value (empty: the raster&apos;s maximum, or minimum when lower is better)</source>
        <translation>最佳适宜性值（为空时：取栅格最大值；值越小越好时取最小值）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="126"/>
        <source>Threshold for candidate patches from the suitability raster (when no candidates or free land)</source>
        <translation>由适宜性栅格生成候选图斑的阈值（无候选地块或空闲土地时使用）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="134"/>
        <source>Project type</source>
        <translation>项目类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="134"/>
        <source>城镇建设 Urban construction (inside the urban development boundary)</source>
        <translation>城镇建设（位于城镇开发边界内）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="134"/>
        <source>村庄建设 Rural construction</source>
        <translation>村庄建设</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="134"/>
        <source>区域基础设施 Regional infrastructure</source>
        <translation>区域基础设施</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="134"/>
        <source>其他 Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="139"/>
        <source>Minimum site area (亩)</source>
        <translation>选址最小面积（亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="142"/>
        <source>Maximum site area (亩, 0 = no maximum)</source>
        <translation>选址最大面积（亩，0 = 不限）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="145"/>
        <source>Each contiguous piece left of a candidate is a site of its own</source>
        <translation>候选用地剩余的每个连通部分各自作为一个选址（拆分）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="148"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="148"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="148"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="152"/>
        <source>Rivers (河流, lines or polygons)</source>
        <translation>河流（线或面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="154"/>
        <source>River buffer excluded (m)</source>
        <translation>排除的河流缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="157"/>
        <source>Roads (道路)</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="159"/>
        <source>Road buffer excluded (m)</source>
        <translation>排除的道路缓冲距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="162"/>
        <source>E.g. the 公路建筑控制区 (commonly 国道 20 m, 省道 15 m, 县道 10 m, 乡道 5 m from the road edge; unverified, use your province's figures).</source>
        <translation>例如公路建筑控制区（通常自路缘起算：国道 20 米、省道 15 米、县道 10 米、乡道 5 米；未经核实，请采用本省的数值）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="165"/>
        <source>Road distance scoring 0 (m)</source>
        <translation>道路距离评分降为 0 的距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="168"/>
        <source>Towns (城镇, points or polygons)</source>
        <translation>城镇（点或面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="170"/>
        <source>Town distance scoring 0 (m)</source>
        <translation>城镇距离评分降为 0 的距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="173"/>
        <source>DEM (slope computed)</source>
        <translation>DEM（用于计算坡度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="174"/>
        <source>Slope scoring 0 (degrees)</source>
        <translation>坡度评分降为 0 的坡度（度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="177"/>
        <source>Weights (factor=weight; suitability, road, town, slope, compactness)</source>
        <translation>权重（因子=权重；因子：suitability 适宜性、road 道路、town 城镇、slope 坡度、compactness 紧凑度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="180"/>
        <source>Ranked sites</source>
        <translation>选址排序结果</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="182"/>
        <source>Site selection report (Excel)</source>
        <translation>选址报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="184"/>
        <source>Number of sites</source>
        <translation>选址数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="185"/>
        <source>Candidates and pieces dropped</source>
        <translation>剔除的候选地块及地块部分数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="200"/>
        <source>Cannot use the weights: {}</source>
        <translation>无法使用权重：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="203"/>
        <source>Project type: {}.</source>
        <translation>项目类型：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="228"/>
        <source>Cannot read the weights “{}”: {}</source>
        <translation>无法读取权重“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="233"/>
        <source>Give the candidates either as candidate parcels (CANDIDATES) or as free land (FREE_LAND), not both.</source>
        <translation>请以候选地块（CANDIDATES）或空闲土地（FREE_LAND）之一给出候选用地，不能同时给出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="240"/>
        <source>No candidate sites: give candidate parcels (CANDIDATES), land use with free land (FREE_LAND), or a suitability raster (SUITABILITY) with a threshold (GENERATE_THRESHOLD).</source>
        <translation>没有候选选址：请给出候选地块（CANDIDATES）、含空闲土地的地类图层（FREE_LAND），或适宜性栅格（SUITABILITY）及阈值（GENERATE_THRESHOLD）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="244"/>
        <source>Without candidate parcels or free land, candidates are the patches of the suitability raster at or above a threshold: give GENERATE_THRESHOLD.</source>
        <translation>没有候选地块或空闲土地时，候选用地为适宜性栅格中不低于阈值的图斑：请给出 GENERATE_THRESHOLD。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="273"/>
        <source>Cannot read the suitability raster “{}”: {}</source>
        <translation>无法读取适宜性栅格“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="282"/>
        <source>Invalid scoring setting: {}</source>
        <translation>评分设置无效：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="288"/>
        <source>The maximum site area ({:g} 亩) is below the minimum ({:g} 亩).</source>
        <translation>选址最大面积（{:g} 亩）小于最小面积（{:g} 亩）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="311"/>
        <source>There are no candidates: no site can be found.</source>
        <translation>没有候选用地：无法找到选址。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="312"/>
        <source>{} candidates ({}).</source>
        <translation>{} 个候选用地（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="328"/>
        <source>Layer “{}” has no field “{}”: choose its land-use code field (FREE_CODE_FIELD).</source>
        <translation>图层“{}”没有字段“{}”：请选择其地类代码字段（FREE_CODE_FIELD）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="334"/>
        <source>Give the free land codes (FREE_CODES), e.g. {}.</source>
        <translation>请给出空闲土地代码（FREE_CODES），如 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="349"/>
        <source>Free land in “{}”: {} of {} parcels with codes {} ({}), merged into {} patches where they touch.</source>
        <translation>“{}”中的空闲土地：{} 个地块（共 {} 个）的代码以 {} 开头（{}），相互接触的合并后共 {} 个图斑。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="349"/>
        <source>用地用海 codes</source>
        <translation>用地用海代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="349"/>
        <source>as written</source>
        <translation>原代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="367"/>
        <source>Cannot make patches of “{}”: {}</source>
        <translation>无法由“{}”生成图斑：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="371"/>
        <source>“{}”: {} cells {} {:g} form {} patches (4-connected).</source>
        <translation>“{}”：{} 个值 {} {:g} 的像元组成 {} 个图斑（4 邻域连通）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="396"/>
        <source>Urban construction must lie inside the urban development boundary, but none was given (URBAN_BOUNDARY): that constraint is not applied.</source>
        <translation>城镇建设须位于城镇开发边界内，但未给出城镇开发边界（URBAN_BOUNDARY）：不应用该约束。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="402"/>
        <source>The urban development boundary is no constraint for this project type; it is not used.</source>
        <translation>城镇开发边界不是此类项目的约束条件，未使用。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="426"/>
        <source>Cannot read “{}”: {}</source>
        <translation>无法读取“{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="429"/>
        <source>{} sites have no value of “{}” (outside the raster or nodata): they score 0 for {}.</source>
        <translation>{} 个选址在“{}”上没有值（位于栅格范围外或为无数据）：其 {} 得分为 0。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="460"/>
        <source>Area range: {:g} 亩 to {} (ellipsoidal); {}.</source>
        <translation>面积范围：{:g} 亩至 {}（椭球面积）；{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="466"/>
        <source>Dropped, {}: {} {} ({:.4f} 公顷).</source>
        <translation>剔除（{}）：{} {}（{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="471"/>
        <source>{} sites from {} candidates.</source>
        <translation>得到 {} 个选址（来自 {} 个候选用地）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="484"/>
        <source>Weighted factors left out, their data was not given: {}.</source>
        <translation>以下有权重的因子因未给出数据而不参与计算：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="490"/>
        <source>Weights normalised to sum 1 over the factors used: {}.</source>
        <translation>权重已按所用因子归一化为总和 1：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="494"/>
        <source>Weights: {}.</source>
        <translation>权重：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="498"/>
        <source>Scoring: {}</source>
        <translation>评分方法：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="502"/>
        <source>Rank {}: {}, {:.2f} 亩, total {:.1f} — {}</source>
        <translation>第 {} 名：{}，{:.2f} 亩，综合得分 {:.1f} — {}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="68"/>
        <source>Finds and ranks candidate sites for a project. Candidates are the parcels of a candidate layer, or the free land of a land-use layer (parcels whose code is one of the free codes, compared as 用地用海 codes after conversion; default 2301 空闲地, 2304 盐碱地, 2305 沙地, 2306 裸土地, 2307 裸岩石砾地 = 三调 1201, 1204–1207; touching parcels are merged into one patch), or, when neither is given, the patches of the suitability raster at or above the threshold (at or below it when lower values are better).

Hard constraints, in this order: the parts inside the ecological red line (生态保护红线) and on permanent basic farmland (永久基本农田) are removed, then the river and road buffers (distance in metres from the features; with 0 only polygon features exclude anything); for urban construction (城镇建设) the candidate is clipped to the urban development boundary (城镇开发边界). What is left may fall apart: each contiguous piece is a site of its own (unless “split” is off). Sites whose ellipsoidal area is outside the required range (亩) are dropped; the log and the report count every drop by reason. Candidates are named by the id field chosen, else by BSM, 标识码 or OBJECTID when the layer has one, else by their number in the layer (1 = first feature, whatever the file format).

Soft factors, each scored 0–100 (100 = best): suitability = mean raster value over the site, linear between the raster's minimum and maximum (or the bounds given), reversed when lower is better; road and town = nearest distance, 100 × (1 − d / limit), 0 from the limit; slope = mean slope of the DEM (Horn, degrees), 100 × (1 − slope / limit); compactness = 100 × 4πA/P² (circle 100, square 78.5). The total is the weighted sum, weights given as e.g. “suitability=0.4;road=0.2;town=0.2;slope=0.1;compactness=0.1” (also 适宜性, 道路, 城镇, 坡度, 紧凑度); factors without their data are left out and the weights normalised to sum 1 (the log says so). A site without a value for a weighted factor (nodata) scores 0 for it.

Outputs: the ranked sites (PM rank, XZBH site id, LX source, LYBH parcels it came from, MJ/MJGQ/MJMU area in m²/公顷/亩 on the CGCS2000 ellipsoid (2, 4 and 2 decimals), YSMJ candidate area before the constraints, each factor's value and score, ZDF total, YY the reason for every score in the report language, YYEN in English except in Chinese reports) and an Excel report (选址排序, 剔除统计, 说明).</source>
        <translation>为项目查找候选选址并排序。候选用地可以是候选图层中的地块，也可以是地类图层中的空闲土地（代码属于空闲土地代码的地块，转换为用地用海代码后比较；默认 2301 空闲地、2304 盐碱地、2305 沙地、2306 裸土地、2307 裸岩石砾地 = 三调 1201、1204–1207；相互接触的地块合并为一个图斑）；两者都未给出时，取适宜性栅格中不低于阈值的图斑（值越小越好时为不高于阈值）。

刚性约束，按以下顺序：扣除位于生态保护红线内和永久基本农田上的部分，再扣除河流和道路缓冲区（距要素的距离，单位米；为 0 时只有面要素起排除作用）；城镇建设项目的候选用地裁剪到城镇开发边界以内。剩余部分可能分散为多块：每个连通部分各自成为一个选址（除非取消勾选“拆分”）。椭球面积不在所要求范围（亩）内的选址被剔除；日志和报告按原因统计每一项剔除。候选地块按所选编号字段命名；未选时，图层有 BSM、标识码或 OBJECTID 字段则用之，否则用其在图层中的序号（1 = 第一个要素，与文件格式无关）。

弹性因子，各按 0–100 评分（100 = 最好）：适宜性 = 选址范围内栅格的平均值，在栅格的最小值和最大值（或给定的上下限）之间线性变换，值越小越好时反向；道路和城镇 = 最近距离，100 × (1 − d / 限值)，达到限值起为 0；坡度 = DEM 的平均坡度（Horn 算法，单位度），100 × (1 − 坡度 / 限值)；紧凑度 = 100 × 4πA/P²（圆形为 100，正方形为 78.5）。综合得分为加权和，权重写法如“suitability=0.4;road=0.2;town=0.2;slope=0.1;compactness=0.1”（也可用 适宜性、道路、城镇、坡度、紧凑度）；缺少数据的因子不参与计算，权重重新归一化为总和 1（日志中会注明）。选址在某个有权重的因子上没有值（无数据）时，该因子得 0 分。

输出：排序后的选址（PM 排名、XZBH 选址编号、LX 来源、LYBH 来源地块、MJ/MJGQ/MJMU 在 CGCS2000 椭球面上的面积（平方米/公顷/亩，分别保留 2、4、2 位小数）、YSMJ 约束前的候选用地面积、各因子的值与得分、ZDF 综合得分、YY 按报告语言写出的各项得分理由、YYEN 英文理由（中文报告中为空）），以及 Excel 报告（选址排序、剔除统计、说明）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="102"/>
        <source>Candidate id field (empty: BSM, 标识码 or OBJECTID, else the number from 1)</source>
        <translation>候选地块编号字段（为空时：BSM、标识码或 OBJECTID，否则为从 1 开始的序号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/site_selection.py" line="453"/>
        <source>{}: {:.4f} 公顷 ({:.2f} 亩) of the candidates removed.</source>
        <translation>{}：从候选用地中扣除 {:.4f} 公顷（{:.2f} 亩）。</translation>
    </message>
</context>
<context>
    <name>SuggestResolutionsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="73"/>
        <source>Suggest conflict resolutions</source>
        <translation>差异图斑处理建议</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="76"/>
        <source>Gives every difference patch a suggested decision (JYCL: GH1/GH2… keep that plan's use, DM:&lt;code&gt; set a 用地用海 code, DEFER review by hand), its readable form (JYCLMC), the rule that produced it (CLGZ) and the reason (JYLY). Reviewed decisions (CLJD, CLLY, SHZT) are never changed.

Rules come from an editable priority table (CSV; default resources/tables/conflict_rules.csv): the first rule, by priority, whose conflict type and condition match decides. The default policy ranks ecological protection first, then permanent basic farmland, then approved projects and development needs; it is this plugin's default, not a national rule, so offices adapt it. Plan priority (e.g. 2,1) orders the plans for rules that keep the first suitable plan.</source>
        <translation>为每个差异图斑给出建议处理（JYCL：GH1/GH2… 采用该规划的用途，DM:&lt;代码&gt; 调整为该用地用海代码，DEFER 待人工审查）、其文字说明（JYCLMC）、所用规则（CLGZ）和理由（JYLY）。已审查的决定（CLJD、CLLY、SHZT）不会被改动。

规则来自可编辑的优先级表（CSV，默认 resources/tables/conflict_rules.csv）：按优先级第一个类型和条件都匹配的规则作出建议。默认策略为生态保护优先，其次永久基本农田，再次已批项目和发展需要；这是本插件的默认设置而非国家规定，各单位可自行修改。规划优先顺序（如 2,1）决定“采用第一个合适规划”类规则中规划的先后。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="87"/>
        <source>Difference patches</source>
        <translation>差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="89"/>
        <source>Rule table (CSV, optional)</source>
        <translation>规则表（CSV，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="91"/>
        <source>Plan priority, most authoritative first (e.g. 2,1; empty: plan order)</source>
        <translation>规划优先顺序，最权威者在前（如 2,1；留空按规划顺序）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="94"/>
        <source>Patches with suggestions</source>
        <translation>含处理建议的差异图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="96"/>
        <source>Conflict ledger (Excel, optional)</source>
        <translation>冲突台账（Excel，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="99"/>
        <source>Patches left for review (DEFER)</source>
        <translation>待人工审查的图斑数（DEFER）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="115"/>
        <source>Cannot suggest resolutions: {}</source>
        <translation>无法给出处理建议：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="120"/>
        <source>Rule {}: {} patches</source>
        <translation>规则 {}：{} 个图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="120"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="123"/>
        <source>{} patches are left for review (DEFER).</source>
        <translation>{} 个图斑待人工审查（DEFER）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="35"/>
        <source>Plan priority must list plan numbers separated by commas, e.g. 2,1; got “{}”.</source>
        <translation>规划优先顺序须为逗号分隔的规划序号，如 2,1；当前为“{}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/conflicts/suggest_resolutions.py" line="56"/>
        <source>“{}” is not a difference-patch layer: fields {} are missing. Run “Detect multi-plan conflicts” first.</source>
        <translation>“{}”不是差异图斑图层：缺少字段 {}。请先运行“多规差异图斑检测”。</translation>
    </message>
</context>
<context>
    <name>UpdateBlueprintAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="25"/>
        <source>Update the blueprint (动态更新)</source>
        <translation>一张蓝图动态更新</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="28"/>
        <source>Applies an approved change package — polygons with their new 用地用海 code — to the current version of a blueprint store and writes the next version, with its 批文号, kind (调整/修改/局部修改), date, reason and who. The pieces the change touches are retired (kept, with the version that retired them) and replaced by what is left of them and by the change's polygons, so the new version still covers the county without gaps or overlaps; every piece is recorded in the change table.

Refused, with the rule and the polygons named, and the store left as it was: no 批文号, an invalid polygon, polygons that overlap each other, a polygon reaching outside the county (the current version), an unknown code, and — when the control lines are given — construction inside the ecological red line, construction on permanent basic farmland and urban construction outside the urban development boundary, unless the change declares that its approval also adjusts the lines. The version is written in one transaction: a failure or a killed process loses nothing.</source>
        <translation>将批准的变更（带新用地用海代码的图斑）应用到一张蓝图版本库的现行版本，生成下一版本，并记录批文号、变更类型（调整/修改/局部修改）、日期、原因和经办人。变更涉及的图斑被废止（保留，并记录废止它的版本），由其剩余部分和变更图斑取代，新版本仍无缝隙、无重叠地覆盖县域；每个图斑都记入变更表。

以下情况拒绝变更，指明规则和图斑，版本库保持不变：没有批文号、图斑几何无效、变更图斑相互重叠、图斑超出县域（现行版本范围）、代码不存在；给出控制线时，建设用地进入生态保护红线、建设用地占用永久基本农田、城镇建设用地位于城镇开发边界外——除非变更声明其批文同时调整控制线。新版本在一个事务中写入：失败或进程被终止都不会丢失数据。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="43"/>
        <source>Blueprint store</source>
        <translation>一张蓝图版本库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="44"/>
        <source>Change package (polygons)</source>
        <translation>变更图斑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="46"/>
        <source>New 用地用海 code field</source>
        <translation>新用地用海代码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="48"/>
        <source>Approval document (批文号)</source>
        <translation>批文号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="49"/>
        <source>Kind of change</source>
        <translation>变更类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="51"/>
        <source>Approval date (YYYY-MM-DD; empty: today)</source>
        <translation>批准日期（YYYY-MM-DD；留空为今天）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="51"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="51"/>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="51"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="55"/>
        <source>The approval also adjusts the control lines</source>
        <translation>批文同时调整控制线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="57"/>
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="57"/>
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="57"/>
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="61"/>
        <source>New version</source>
        <translation>新版本号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="62"/>
        <source>Pieces retired</source>
        <translation>废止图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="63"/>
        <source>Pieces created</source>
        <translation>新增图斑数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="86"/>
        <source>Version {} ({}): {} pieces retired, {} created.</source>
        <translation>第 {} 版（{}）：废止 {} 个图斑，新增 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/versions/update_blueprint.py" line="90"/>
        <source>Version {} crosses control lines its approval adjusts (recorded in the versions table, TZKZX): {}.</source>
        <translation>第 {} 版穿越了其批文所调整的控制线（已记入版本记录表 TZKZX 字段）：{}。</translation>
    </message>
</context>
<context>
    <name>UrbanSuitabilityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="274"/>
        <source>Urban construction suitability (城镇建设适宜性)</source>
        <translation>城镇建设适宜性</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="277"/>
        <source>Towns and roads for 区位 when no location raster is given</source>
        <translation>用于区位评价的城镇和道路（未给出区位栅格时使用）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="293"/>
        <source>区位: distance to the nearest of {} layers graded by urban_location.csv.</source>
        <translation>区位：到 {} 个图层中最近要素的距离，按 urban_location.csv 分级。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="312"/>
        <source>The guideline's urban construction suitability, from a DEM and optional level rasters. Steps: 土地资源 from the slope (≤3°, 3–8°, 8–15°, 15–25°, &gt;25° → levels 1 … 5), elevation (3500–5000 m down 1, &gt; 5000 m lowest) and 地形起伏度 (relief in a window of 15/12/9/3 cells for cells under 30/50/100 m and larger: 100–200 m down 1, &gt; 200 m down 2), all from the DEM; the land × water matrix; hazards (1 → lowest, 2 → down 2, 3 → down 1; second hazard 1 → down 1); air and water environment (both 5 → down 2, one → down 1); climate 1 → down 1; 区位 (5 → down 2, 4 → down 1, 1 → levels 2–4 up 1) from a location raster, or from the distance to the nearest town or road given as vector layers (≤2 km, 2–5, 5–10, 10–20, &gt; 20 km → 1 … 5, urban_location.csv, UNVERIFIED: the guideline uses drive time); 集中连片度 (patches under 150 亩 / 45 亩 down 1 / 2); 生态保护极重要区 excluded; collapse into 适宜 / 一般适宜 / 不适宜.

Rules whose raster is missing are skipped and listed. All tables are CSV files in resources/suitability (UNVERIFIED defaults, editable: give a folder of edited copies). Outputs as for the agricultural evaluation.</source>
        <translation>按指南进行城镇建设适宜性评价，基于 DEM 及可选的分级栅格。步骤：由坡度（≤3°、3–8°、8–15°、15–25°、&gt;25° → 等级 1 … 5）、高程（3500–5000 m 降 1 级，&gt; 5000 m 为最低级）和地形起伏度（在 15/12/9/3 个像元的窗口内计算起伏，分别对应像元小于 30/50/100 m 及更大的情况：100–200 m 降 1 级，&gt; 200 m 降 2 级）得出土地资源等级，均由 DEM 计算；土地资源 × 水资源矩阵；灾害（1 → 最低级，2 → 降 2 级，3 → 降 1 级；第二种灾害 1 → 降 1 级）；大气环境和水环境（两者均为 5 → 降 2 级，其一为 5 → 降 1 级）；气候 1 → 降 1 级；区位（5 → 降 2 级，4 → 降 1 级，1 → 等级 2–4 升 1 级），取自区位栅格，或由到以矢量图层给出的最近城镇或道路的距离得出（≤2 km、2–5、5–10、10–20、&gt; 20 km → 1 … 5，urban_location.csv，未经核实：指南采用车行时间）；集中连片度（图斑面积小于 150 亩 / 45 亩的降 1 / 2 级）；扣除生态保护极重要区；归并为适宜 / 一般适宜 / 不适宜。

缺少栅格的规则将被跳过并列出。所有表格均为 resources/suitability 中的 CSV 文件（默认值未经核实，可编辑：给出存放修改后副本的文件夹）。输出与农业生产适宜性评价相同。</translation>
    </message>
</context>
<context>
    <name>WeightedSuitabilityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="62"/>
        <source>Weighted suitability evaluation (加权适宜性评价)</source>
        <translation>加权适宜性评价</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="65"/>
        <source>Weighted multi-criteria evaluation (weighted linear combination) of factor rasters, for 双评价 and site studies. Rasters may differ in CRS, cell size and extent: they are aligned on the fly to the first raster factor's grid (or to a grid of the chosen cell size) and the log says how. Vector factors are rasterised: by default the distance in metres to the nearest feature, or a numeric field with the prefix “field NAME”. Everything is processed block by block, so memory stays bounded.

Scoring table: one row per factor (factor name as the layer is named, or its number 1, 2 …; scoring; weight). Scorings: “ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1” (min &lt; value ≤ max → score), “classes: 1:5; 2:3” (exact values), “linear” or “linear desc” (min-max over the raster to 0..1), “linear 0 500”, “fuzzy a b [c d]” (sigmoidal membership, - for none), “fuzzy-linear …”, “values” (the values are scores; the default for a factor without a row). Weights that do not sum to 1 are normalised (the log says so); without weights the factors count equally.

AHP: instead of weights, give the pairwise comparison matrix (判断矩阵) in factor order, rows separated by ; e.g. “1 3 5; 1/3 1 2; 1/5 1/2 1”. The weights are its principal eigenvector; a consistency ratio CR above 0.1 (Saaty) is an error that names the judgement to revise, unless “accept inconsistent judgements” is ticked. A matrix that is not reciprocal is an error.

Constraints (一票否决): cells inside a constraint polygon (or non-zero in a constraint raster) get score 0 and the lowest grade. Grades: natural breaks (Jenks) into 5 grades by default, grade 1 = highest scores; or given breaks. Outputs: score raster, graded raster (with colours and a QGIS style), an Excel report (weights, area per grade in m², 公顷, 亩 and share, per admin unit when given, notes) and optionally the area table as CSV. Areas are the cells' ellipsoidal areas. Vector mode: give parcels to get each parcel's area-weighted mean score per factor and overall, its vetoed share and its grade (a parcel more than half vetoed gets the lowest grade).</source>
        <translation>对因子栅格进行加权多准则评价（加权线性组合），用于双评价和选址研究。各栅格的坐标系、像元大小和范围可以不同：它们会即时对齐到第一个栅格因子的网格（或所选像元大小的网格），日志中会说明对齐方式。矢量因子会被栅格化：默认取到最近要素的距离（米），或以前缀“field NAME”指定的数值字段（NAME 为字段名）。全部按块处理，内存占用有上限。

评分表：每个因子一行（因子名称，与图层名称一致，或因子序号 1、2 …；评分方法；权重）。评分方法：“ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1”（最小值 &lt; 值 ≤ 最大值 → 得分）、“classes: 1:5; 2:3”（精确值）、“linear”或“linear desc”（按栅格的最小值—最大值线性变换到 0..1）、“linear 0 500”、“fuzzy a b [c d]”（S 形隶属函数，- 表示无）、“fuzzy-linear …”、“values”（栅格值即为得分；评分表中没有对应行的因子默认采用此方法）。权重之和不为 1 时会归一化（日志中会注明）；不给权重时各因子等权。

层次分析法（AHP）：可不给权重，而按因子顺序给出判断矩阵，各行以 ; 分隔，例如“1 3 5; 1/3 1 2; 1/5 1/2 1”。权重取其主特征向量；一致性比率 CR 大于 0.1（Saaty）时报错，并指出需要修改的判断，除非勾选了“接受不一致的判断”。矩阵不满足互反性时报错。

约束条件（一票否决）：位于约束面内（或约束栅格中值非零）的像元得分为 0，并划入最低等级。分级：默认按自然断点法（Jenks）分为 5 级，等级 1 = 得分最高；也可给定分级断点。输出：得分栅格、分级栅格（带配色和 QGIS 样式）、Excel 报告（权重，各等级面积（m²、公顷、亩）及占比，给出行政区时按行政区统计，说明），以及可选的 CSV 面积表。面积为像元的椭球面积。矢量模式：给出地块，即可得到每个地块各因子及综合的面积加权平均得分、被否决面积占比及其等级（被否决面积超过一半的地块划入最低等级）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="90"/>
        <source>Factors (rasters, or vector layers to rasterise)</source>
        <translation>评价因子（栅格，或待栅格化的矢量图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="92"/>
        <source>Scoring and weights per factor</source>
        <translation>各因子的评分方法和权重</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="92"/>
        <source>Factor</source>
        <translation>因子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="92"/>
        <source>Scoring</source>
        <translation>评分方法</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="92"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="95"/>
        <source>AHP pairwise comparison matrix (rows separated by ;, e.g. 1 3; 1/3 1)</source>
        <translation>AHP 判断矩阵（各行以 ; 分隔，如 1 3; 1/3 1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="98"/>
        <source>Accept inconsistent judgements (CR &gt; 0.1)</source>
        <translation>接受不一致的判断（CR &gt; 0.1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="100"/>
        <source>Constraints (一票否决: polygons or rasters, non-zero = excluded)</source>
        <translation>约束条件（一票否决：面图层或栅格，非零 = 排除）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="103"/>
        <source>Evaluation area (e.g. the county boundary; default: the whole grid)</source>
        <translation>评价范围（如县域边界；默认：整个网格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="106"/>
        <source>Cell size (m; 0 = the first raster factor&apos;s grid)</source>
        <translation>像元大小（米；0 = 采用第一个栅格因子的网格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="109"/>
        <source>Number of grades (natural breaks)</source>
        <translation>分级数（自然断点法）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="112"/>
        <source>Breaks instead of natural breaks (increasing, separated by commas)</source>
        <translation>自定义分级断点，代替自然断点法（递增，以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="114"/>
        <source>Grade names, best first (separated by commas)</source>
        <translation>等级名称，由优到劣（以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="117"/>
        <source>Parcels for vector mode (optional)</source>
        <translation>矢量模式的地块（可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="120"/>
        <source>Parcels vetoed above this share get the lowest grade</source>
        <translation>被否决面积比例超过此值的地块划入最低等级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="123"/>
        <source>Suitability score</source>
        <translation>适宜性得分</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="124"/>
        <source>Suitability grades</source>
        <translation>适宜性分级</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="125"/>
        <source>Evaluation report (Excel)</source>
        <translation>评价报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="127"/>
        <source>Area per grade (CSV)</source>
        <translation>各等级面积（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="130"/>
        <source>Parcel scores</source>
        <translation>地块得分</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="133"/>
        <source>AHP consistency ratio CR</source>
        <translation>AHP 一致性比率 CR</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="134"/>
        <source>Weights used (JSON)</source>
        <translation>所用权重（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="140"/>
        <source>Choose at least one factor layer.</source>
        <translation>请至少选择一个因子图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="157"/>
        <source>{} grade names for {} grades.</source>
        <translation>给出了 {} 个等级名称，但分级数为 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="165"/>
        <source>Cannot evaluate: {}</source>
        <translation>无法评价：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="167"/>
        <source>Alignment: {}</source>
        <translation>栅格对齐：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="188"/>
        <source>The scoring table must have three columns (factor, scoring, weight); got {} cells.</source>
        <translation>评分表须有三列（因子、评分方法、权重）；实际为 {} 个单元格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="197"/>
        <source>Factor “{}” has two rows in the scoring table.</source>
        <translation>因子“{}”在评分表中有两行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="201"/>
        <source>The weight of “{}” is “{}”, not a number.</source>
        <translation>“{}”的权重为“{}”，不是数字。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="212"/>
        <source>The scoring table names “{}”, which is not one of the factors: {} (or use their numbers 1 to {}).</source>
        <translation>评分表中的“{}”不在因子之列：{}（也可使用因子序号 1 至 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="224"/>
        <source>The AHP judgements are inconsistent: {}</source>
        <translation>AHP 判断矩阵不满足一致性要求：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="226"/>
        <source>Cannot use the AHP matrix: {}</source>
        <translation>无法使用 AHP 判断矩阵：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="227"/>
        <source>AHP: λmax = {:.4f}, CI = {:.4f}, RI = {:.2f}, CR = {:.4f}.</source>
        <translation>层次分析法：最大特征根 {:.4f}，CI = {:.4f}，RI = {:.2f}，CR = {:.4f}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="232"/>
        <source>The weights in the scoring table are ignored: the AHP matrix gives them.</source>
        <translation>评分表中的权重已忽略：权重由 AHP 判断矩阵给出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="236"/>
        <source>No weights given: the {} factors count equally.</source>
        <translation>未给出权重：{} 个因子等权。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="240"/>
        <source>Give a weight for every factor or none; missing: {}.</source>
        <translation>请为每个因子都给出权重，或都不给；缺少：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="245"/>
        <source>Cannot use the weights: {}</source>
        <translation>无法使用权重：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="247"/>
        <source>The weights summed to {:g}, not 1: they were normalised to {}.</source>
        <translation>权重之和为 {:g}，不等于 1：已归一化为 {}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="258"/>
        <source>Evaluation grid: “{}” ({} × {} cells of {:g}).</source>
        <translation>评价网格：“{}”（{} × {} 个像元，像元大小 {:g}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="262"/>
        <source>Evaluation grid: {} × {} cells of {:g} m.</source>
        <translation>评价网格：{} × {} 个像元，像元大小 {:g} 米。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="276"/>
        <source>Scoring of “{}”: {}</source>
        <translation>“{}”的评分方法：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="284"/>
        <source>Factor {}: “{}”, scored by {}.</source>
        <translation>因子 {}：“{}”，评分方法：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="306"/>
        <source>{} parcels are smaller than two cells: they take the cells they touch.</source>
        <translation>{} 个地块小于两个像元：取其接触到的像元。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="317"/>
        <source>Cannot read the breaks “{}”: give increasing numbers separated by commas.</source>
        <translation>无法读取分级断点“{}”：请给出以逗号分隔的递增数值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="320"/>
        <source>The breaks must increase: {}.</source>
        <translation>分级断点必须递增：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="324"/>
        <source>{} breaks make {} grades, but {} grade names were given.</source>
        <translation>{} 个分级断点划分出 {} 个等级，但给出了 {} 个等级名称。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="330"/>
        <source>Weights: {}.</source>
        <translation>权重：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="332"/>
        <source>Breaks: {}.</source>
        <translation>分级断点：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="334"/>
        <source>Grade {} {}: {:.4f} 公顷 ({:.2%}).</source>
        <translation>等级 {} {}：{:.4f} 公顷（{:.2%}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="337"/>
        <source>Vetoed by the constraints: {:.4f} 公顷.</source>
        <translation>被约束条件否决：{:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="408"/>
        <source> … and {} more</source>
        <translation> …… 另有 {} 个</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="410"/>
        <source>{} parcels have no score (outside the factors or on nodata): {}{} ({}).</source>
        <translation>{} 个地块没有得分（位于因子范围之外或为无数据）：{}{}（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/weighted_suitability.py" line="410"/>
        <source>number in the layer</source>
        <translation>图层中的序号</translation>
    </message>
</context>
<context>
    <name>_GuidelineAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="31"/>
        <source>Evaluation area (e.g. the county boundary; default: the whole raster)</source>
        <translation>评价范围（如县域边界；默认：整个栅格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="37"/>
        <source>Folder of edited tables (replaces the defaults of the same name)</source>
        <translation>修改后的表格所在文件夹（替换同名的默认表格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="40"/>
        <source>Levels (1 = best … 5)</source>
        <translation>分级（1 = 最好 … 5）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="41"/>
        <source>Classes</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="42"/>
        <source>Evaluation report (Excel)</source>
        <translation>评价报告（Excel）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="65"/>
        <source>Alignment: {}</source>
        <translation>栅格对齐：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="67"/>
        <source>Not applied: {}</source>
        <translation>未应用：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="69"/>
        <source>{}: level changed on {:.4f} 公顷.</source>
        <translation>{}：等级发生变化的面积 {:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="71"/>
        <source>{}: {:.4f} 公顷 ({:.2%}).</source>
        <translation>{}：{:.4f} 公顷（{:.2%}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="103"/>
        <source>Cannot evaluate: {}</source>
        <translation>无法评价：{}</translation>
    </message>
</context>
<context>
    <name>_LinesMixin</name>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="41"/>
        <source>Ecological protection red line (生态保护红线)</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="41"/>
        <source>Permanent basic farmland (永久基本农田)</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="41"/>
        <source>Urban development boundary (城镇开发边界)</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/control_lines/optimise_control_lines.py" line="49"/>
        <source>Give at least one control line.</source>
        <translation>请至少提供一条控制线。</translation>
    </message>
</context>
<context>
    <name>_SuitabilityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="117"/>
        <source>Suitable area (公顷)</source>
        <translation>适宜区面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="117"/>
        <source>Generally suitable area (公顷)</source>
        <translation>一般适宜区面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="117"/>
        <source>Unsuitable area (公顷)</source>
        <translation>不适宜区面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="123"/>
        <source>Water resource level raster (水资源, 1 = best … 5)</source>
        <translation>水资源分级栅格（1 = 最好 … 5）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="124"/>
        <source>Climate level raster (气候, 1 = best … 5)</source>
        <translation>气候分级栅格（1 = 最好 … 5）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="125"/>
        <source>Soil pollution level raster (土壤污染, 1 … 5 = worst)</source>
        <translation>土壤污染分级栅格（1 … 5 = 最差）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="126"/>
        <source>Salinisation level raster (盐渍化, 1 = most severe)</source>
        <translation>盐渍化分级栅格（1 = 最严重）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="127"/>
        <source>Silt content raster (粉砂含量, 0..1)</source>
        <translation>粉砂含量栅格（0..1）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="128"/>
        <source>Hazard level raster (灾害, 1 = most dangerous)</source>
        <translation>灾害分级栅格（1 = 最危险）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="129"/>
        <source>Second hazard level raster (e.g. 地震, 1 = most dangerous)</source>
        <translation>第二种灾害分级栅格（如地震，1 = 最危险）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="130"/>
        <source>Air environment level raster (大气环境, 5 = worst)</source>
        <translation>大气环境分级栅格（5 = 最差）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="131"/>
        <source>Water environment level raster (水环境, 5 = worst)</source>
        <translation>水环境分级栅格（5 = 最差）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="132"/>
        <source>Location level raster (区位, 1 = best … 5)</source>
        <translation>区位分级栅格（1 = 最好 … 5）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="136"/>
        <source>DEM (elevation in metres)</source>
        <translation>DEM（高程，单位：米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="142"/>
        <source>Ecological importance classes (cells of the value below are excluded)</source>
        <translation>生态保护重要性分类（值为下方所填值的像元将被扣除）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="145"/>
        <source>Value of 生态保护极重要区 in that raster</source>
        <translation>该栅格中生态保护极重要区的值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="154"/>
        <source>Correct by 集中连片度 (patch area)</source>
        <translation>按集中连片度修正（图斑面积）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="148"/>
        <source>生态保护极重要区 as polygons (e.g. the red line; excluded, optional)</source>
        <translation>生态保护极重要区（面图层，如生态保护红线；予以扣除，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="151"/>
        <source>Water bodies (rivers, lakes, reservoirs, ponds: excluded, optional)</source>
        <translation>水域（河流、湖泊、水库、坑塘：予以扣除，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="223"/>
        <source>Inputs used: {}.</source>
        <translation>使用的输入：{}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="157"/>
        <source>Slope (degrees, optional)</source>
        <translation>坡度（度，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="160"/>
        <source>地形起伏度 relief (m, optional)</source>
        <translation>地形起伏度（米，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/suitability/guideline_evaluations.py" line="226"/>
        <source>No water bodies given: rivers and lakes are evaluated as land, so a lake on flat ground counts as suitable (a water resource raster grades the water supply of land; it does not mark lakes). Give the water bodies (e.g. the 三调 water polygons).</source>
        <translation>未给出水域：河流、湖泊按陆地评价，平地上的湖泊会被评为适宜（水资源等级栅格评价的是土地的供水条件，并不标出湖泊）。请给出水域（例如三调的水域图斑）。</translation>
    </message>
</context>
</TS>
