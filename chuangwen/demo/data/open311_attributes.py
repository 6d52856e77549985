"""The demo city's Open311 service definitions: extra questions for some categories, covering the
six GeoReport v2 datatypes. (category code, attribute code, datatype, question, required, values)"""

from __future__ import annotations

ATTRIBUTES = (
    ("sanitation", "garbage_kind", "singlevaluelist", "垃圾种类", True,
     (("household", "生活垃圾"), ("construction", "建筑垃圾"), ("bulky", "大件垃圾"))),
    ("sanitation", "area_m2", "number", "大约面积（平方米）", False, ()),
    ("sanitation", "seen_at", "datetime", "发现时间", False, ()),
    ("facilities", "facility", "singlevaluelist", "设施类型", True,
     (("manhole", "井盖"), ("streetlight", "路灯"), ("tactile", "盲道"), ("shelter", "候车亭"))),
    ("facilities", "landmark", "string", "附近标志物（门牌号、店名）", False, ()),
    ("traffic", "plate", "string", "车牌号（如看得清）", False, ()),
    ("traffic", "situation", "multivaluelist", "现场情况", False,
     (("sidewalk", "占用人行道"), ("blind_lane", "占用盲道"), ("fire_lane", "占用消防通道"), ("crossing", "堵塞路口"))),
    ("noise", "period", "multivaluelist", "扰民时段", True,
     (("morning", "早上"), ("day", "白天"), ("evening", "晚上"), ("night", "深夜（22点后）"))),
    ("noise", "details", "text", "补充说明（频率、声源）", False, ()),
)  # fmt: skip
