<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EllipsoidalAreaAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="37"/>
        <source>Calculate areas (ellipsoidal, m² / ha / mu)</source>
        <translation>计算面积（椭球面积，平方米/公顷/亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="40"/>
        <source>Adds the area of every polygon to a copy of the layer, in square metres (AREA_M2), hectares (AREA_HA, 公顷) and mu (AREA_MU, 亩; 1 mu = 2000/3 m²), and the method used (AREA_MTHD).

Ellipsoidal area (default) is the area on the CGCS2000 ellipsoid, as the third national land survey (三调) requires: it does not depend on the projection or Gauss-Kruger zone the layer is stored in. Planimetric area is the area in the layer's own projected plane and differs from it by tens to hundreds of m² per km² away from the central meridian.

Invalid geometries are measured after repair (the output keeps the original geometry; the log says how many). Features without geometry get empty areas. The input layer is never modified.</source>
        <translation>在图层副本中为每个面要素添加面积：平方米（AREA_M2）、公顷（AREA_HA）和亩（AREA_MU，1 亩 = 2000/3 平方米），以及所用方法（AREA_MTHD）。

椭球面积（默认）为 CGCS2000 椭球面上的面积，符合第三次全国国土调查（三调）要求，与图层所用投影或高斯-克吕格分带无关。投影面积为图层投影平面上的面积，离中央子午线越远，与椭球面积相差越大（每平方公里可达数十至数百平方米）。

无效几何在修复后计算面积（输出保留原始几何，日志中说明数量）。无几何的要素面积为空。不修改输入图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="54"/>
        <source>Polygon layer</source>
        <translation>面图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="56"/>
        <source>Area method</source>
        <translation>面积计算方法</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="56"/>
        <source>Ellipsoidal (CGCS2000 ellipsoid, 三调 practice)</source>
        <translation>椭球面积（CGCS2000 椭球，三调做法）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="56"/>
        <source>Planimetric (in the layer&apos;s projected CRS)</source>
        <translation>投影面积（图层投影坐标系下的平面面积）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="61"/>
        <source>Decimal places</source>
        <translation>小数位数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="64"/>
        <source>Layer with areas</source>
        <translation>带面积的图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="65"/>
        <source>Total area (m²)</source>
        <translation>总面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="66"/>
        <source>Total area (ha)</source>
        <translation>总面积（公顷）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="67"/>
        <source>Total area (mu)</source>
        <translation>总面积（亩）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="68"/>
        <source>Area method used</source>
        <translation>所用面积计算方法</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="77"/>
        <source>Planimetric areas need a projected CRS, but “{}” is in geographic coordinates ({}). Choose the ellipsoidal method or reproject the layer.</source>
        <translation>投影面积需要投影坐标系，但“{}”为地理坐标（{}）。请选择椭球面积，或先将图层重投影。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="91"/>
        <source>The input layer is empty: the output has no features.</source>
        <translation>输入图层为空：输出中没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="94"/>
        <source>ellipsoidal, CGCS2000 ellipsoid</source>
        <translation>椭球面积，CGCS2000 椭球</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="94"/>
        <source>planimetric, {}</source>
        <translation>投影面积，{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="96"/>
        <source>Area method: {}</source>
        <translation>面积计算方法：{}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="98"/>
        <source>{} invalid geometries were measured after repair (make valid); the output keeps their original geometry. Run the data quality check to fix them.</source>
        <translation>{} 个无效几何在修复（make valid）后计算面积；输出保留其原始几何。请运行数据质量检查加以修正。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="102"/>
        <source>{} features have no geometry; their areas are empty.</source>
        <translation>{} 个要素没有几何，其面积为空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/ellipsoidal_area.py" line="114"/>
        <source>Total area: {:,.2f} m² = {:,.4f} ha = {:,.2f} mu</source>
        <translation>总面积：{:,.2f} 平方米 = {:,.4f} 公顷 = {:,.2f} 亩</translation>
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
        <location filename="../processing/messages.py" line="12"/>
        <source>Could not write a feature to the output: {}</source>
        <translation>无法将要素写入输出：{}</translation>
    </message>
</context>
<context>
    <name>MultiPlanGroups</name>
    <message>
        <location filename="../processing/algorithms/base.py" line="10"/>
        <source>Data intake and quality</source>
        <translation>数据整理与质检</translation>
    </message>
</context>
<context>
    <name>MultiPlanLayerIO</name>
    <message>
        <location filename="../processing/layer_io.py" line="57"/>
        <source>Layer “{}” has no coordinate reference system. Set its CRS (e.g. CGCS2000 / 3-degree Gauss-Kruger, EPSG:4527) with “Assign projection”, then run again.</source>
        <translation>图层“{}”没有坐标参考系。请先用“指定投影”设置坐标系（如 CGCS2000 3 度带高斯-克吕格投影，EPSG:4527），再重新运行。</translation>
    </message>
</context>
<context>
    <name>MultiPlanPlugin</name>
    <message>
        <location filename="../plugin.py" line="65"/>
        <source>MultiPlan Processing tools</source>
        <translation>MultiPlan 处理工具</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="65"/>
        <source>Show MultiPlan&apos;s algorithms in the Processing Toolbox</source>
        <translation>在处理工具箱中显示 MultiPlan 的算法</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="69"/>
        <source>MultiPlan help</source>
        <translation>MultiPlan 帮助</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="69"/>
        <source>Open the MultiPlan user guide</source>
        <translation>打开 MultiPlan 用户指南</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="93"/>
        <source>&amp;MultiPlan 多规合一</source>
        <translation>&amp;MultiPlan 多规合一</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="114"/>
        <source>MultiPlan</source>
        <translation>MultiPlan</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="114"/>
        <source>The Processing plugin is not enabled.</source>
        <translation>“处理”插件未启用。</translation>
    </message>
</context>
</TS>
