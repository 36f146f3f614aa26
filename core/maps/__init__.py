"""成果展示与信息查询: what every layer of the 一张图 says at a place (the one-map query)."""
