"""What inspectors find at each type of site, in the words of a 督查 report.

A finding names its problem category, a keyword that picks the matching standard among those of the
site type ("" for none), a severity (U urgent, S serious, J major 较重, M minor 一般) and texts with
the placeholders {site} (the site's name), {side} (where on the site) and {n} (a small count).
"""

from __future__ import annotations

from typing import NamedTuple

U, S, J, M = "urgent", "serious", "major", "minor"

SIDES = ("东侧", "西侧", "南侧", "北侧", "入口处", "出口处", "中段", "拐角处", "东北角", "西南角")


class Finding(NamedTuple):
    category: str
    keyword: str
    severity: str
    texts: tuple[str, ...]


def F(category: str, keyword: str, severity: str, *texts: str) -> Finding:
    return Finding(category, keyword, severity, texts)


# fmt: off
FINDINGS: dict[str, tuple[Finding, ...]] = {
    "road": (
        F("sanitation", "暴露垃圾", J, "{site}{side}人行道有暴露垃圾{n}处，绿化带内有烟头、塑料袋等白色垃圾。",
          "{site}{side}路面有积存污水，雨水篦子被垃圾堵塞。", "{site}{side}果皮箱满溢未及时清运，周边地面脏污。"),
        F("appearance", "乱贴乱画", M, "{site}{side}电线杆、配电箱上有小广告{n}处，未及时清理。",
          "{site}{side}沿街建筑立面有乱涂乱写{n}处。"),
        F("street_vending", "占道经营", S, "{site}{side}有流动摊贩{n}处占用人行道经营，早晚高峰影响通行。",
          "{site}{side}沿街商户店外经营、乱堆乱放，未落实“门前三包”责任。"),
        F("traffic", "占用人行道", J, "{site}{side}有机动车{n}辆占用人行道、盲道停放。"),
        F("traffic", "非机动车", M, "{site}{side}共享单车、电动自行车停放杂乱，堵塞人行道。"),
        F("public_ads", "公益广告", M, "{site}{side}公益广告数量不足，现有{n}处画面褪色破损。"),
        F("facilities", "盲道", J, "{site}{side}盲道被占用，部分盲道砖破损缺失，不连续。"),
        F("facilities", "标志标线", S, "{site}{side}交通标线磨损模糊，{n}处指示标志被树枝遮挡。"),
        F("ecology", "绿化带", M, "{site}{side}绿化带内有枯枝死树{n}棵未清理，杂草丛生。"),
    ),
    "alley": (
        F("facilities", "坑洼破损", J, "{site}路面坑洼破损{n}处，雨后积水，行人绕行。", "{site}有{n}盏路灯不亮，夜间照明不足。"),
        F("illegal_building", "乱搭乱建", J, "{site}{side}有住户私自搭建彩钢棚，占用公共通道。",
          "{site}{side}新增违规搭建雨棚{n}处。"),
        F("appearance", "飞线充电", S, "{site}{side}居民楼存在私拉电线、飞线充电现象{n}处，存在安全隐患。"),
        F("sanitation", "垃圾外溢", J, "{site}{side}垃圾桶满溢，垃圾未日产日清，散发异味。",
          "{site}{side}墙角有卫生死角，堆积建筑垃圾。"),
        F("appearance", "乱堆乱放", M, "{site}{side}乱堆杂物、废旧家具，乱拉晾衣绳。"),
        F("traffic", "占用人行道", S, "{site}机动车乱停乱放，消防通道被堵。"),
    ),
    "commercial_street": (
        F("street_vending", "门前三包", J, "{site}{side}有商户{n}家出店经营，摆放桌椅、货架占用人行道。",
          "{site}{side}夜间有流动摊贩聚集，占道经营。"),
        F("public_ads", "公益广告", M, "{site}沿线公益广告不足，仅见{n}处且内容陈旧。"),
        F("ecology", "油烟", J, "{site}{side}餐饮门店油烟净化设施未正常使用，有露天烧烤。"),
        F("market", "明码标价", M, "{site}{side}有{n}家商户商品未明码标价，价签缺失。"),
        F("appearance", "乱贴乱画", M, "{site}{side}卷帘门、墙面有乱涂乱画和小广告。"),
        F("civility", "光盘行动", M, "{site}{side}餐饮店未张贴“光盘行动”提示，未提供公筷公勺。"),
    ),
    "market": (
        F("market", "公平秤", J, "{site}入口处未设置公平秤。", "{site}公平秤计量不准，无检定标识。"),
        F("market", "划行归市", J, "{site}内地面湿滑积水、有异味，摊位划行归市不到位。",
          "{site}{side}有商户现场宰杀活禽，未设隔离间。"),
        F("market", "农药残留", M, "{site}未公示当日农药残留检测结果，食品安全信息公示栏内容过期。"),
        F("street_vending", "划行归市", S, "{site}{side}市场外有{n}处摊贩占道经营，马路市场现象突出。"),
        F("public_ads", "核心价值观", M, "{site}内外公益广告少于5处，未集中展示社会主义核心价值观内容。"),
        F("market", "野生动物", U, "{site}{side}有商户疑似销售野生蛙类，需立即核查处置。"),
    ),
    "community": (
        F("sanitation", "楼道", M, "{site}{side}楼道内堆放杂物、张贴小广告{n}处。"),
        F("sanitation", "垃圾分类投放点", J, "{site}垃圾分类投放点分类标识缺失，无督导员，存在混投现象。"),
        F("public_ads", "宣传栏", M, "{site}宣传栏公益广告内容陈旧、画面破损，宣传氛围不浓。"),
        F("other", "志愿服务站", M, "{site}志愿服务站无活动记录，服务项目未公示。"),
        F("other", "好人榜", M, "{site}“好人榜”“善行义举榜”内容长期未更新。"),
        F("other", "四点半课堂", M, "{site}“四点半课堂”近一个月未开展活动，场所被挪作他用。"),
    ),
    "residential": (
        F("sanitation", "楼道", M, "{site}{side}绿化带内有生活垃圾，楼道内有小广告和堆放杂物。"),
        F("traffic", "车辆停放", J, "{site}车辆乱停乱放，电动车在楼道内充电。"),
        F("sanitation", "垃圾分类投放点", J, "{site}垃圾分类投放点混投混运，桶边散落垃圾。"),
        F("civility", "养犬", M, "{site}有居民遛狗不牵绳，草坪内犬粪未及时清理。"),
        F("facilities", "消防", S, "{site}{n}号楼消防通道被杂物堵塞，灭火器过期。"),
        F("public_ads", "楼栋", M, "{site}楼栋、宣传栏内公益广告缺失。"),
    ),
    "park": (
        F("sanitation", "不文明行为", M, "{site}{side}有游客乱扔杂物，垃圾桶周边脏乱。"),
        F("noise", "广场舞", J, "{site}{side}广场舞音响音量过大，晚间22点后仍在活动，周边居民反映强烈。"),
        F("ecology", "黄土裸露", M, "{site}{side}绿地黄土裸露，有毁绿种菜现象。"),
        F("ecology", "漂浮物", S, "{site}湖面有漂浮物和垃圾，局部水体发黑发臭。"),
        F("civility", "垂钓", M, "{site}{side}有市民在禁钓区域垂钓、野泳，劝导标识缺失。"),
        F("public_ads", "公益广告", M, "{site}内公益广告设置不足，与环境不协调。"),
        F("other", "志愿服务站", M, "{site}志愿服务站无人值守。"),
    ),
    "square": (
        F("noise", "广场舞", J, "{site}{side}广场舞音响声音过大，影响周边居民休息。"),
        F("sanitation", "不文明行为", M, "{site}{side}地面有烟头、纸屑，垃圾桶满溢。"),
        F("facilities", "饮水", M, "{site}便民饮水设施损坏停用，座椅破损{n}处。"),
        F("other", "好人榜", M, "{site}“善行义举榜”内容陈旧，未定期更新。"),
    ),
    "hospital": (
        F("service", "导医", J, "{site}门诊挂号窗口排队秩序混乱，导医服务台无人值守。"),
        F("civility", "吸烟", M, "{site}{side}楼梯间有人吸烟，控烟标识缺失。"),
        F("facilities", "无障碍", J, "{site}无障碍通道被占用，母婴室设施不全。"),
        F("public_ads", "电子屏", M, "{site}门诊大厅电子屏未滚动播放公益广告。"),
        F("service", "工作牌", M, "{site}收费窗口工作人员未佩戴工作牌，服务态度生硬。"),
    ),
    "bank": (
        F("service", "爱心窗口", M, "{site}未设置爱心窗口和老年人专座。"),
        F("service", "电信网络诈骗", M, "{site}未张贴防范电信网络诈骗宣传资料，收费标准公示不全。"),
        F("public_ads", "公益广告", M, "{site}电子屏未播放公益广告。"),
    ),
    "gov_hall": (
        F("service", "导办台", J, "{site}咨询导办台无人，办事指南未及时更新。"),
        F("service", "好差评", M, "{site}“办不成事”反映窗口无标识，“好差评”评价器故障。"),
        F("service", "工作牌", J, "{site}{n}号窗口工作人员离岗，群众等候时间较长。"),
    ),
    "bus_stop": (
        F("facilities", "候车亭", J, "{site}候车亭顶棚破损，站牌信息与实际线路不符。"),
        F("public_ads", "公益广告", M, "{site}候车亭公益广告刊播比例不足。"),
        F("traffic", "非机动车", M, "{site}{side}共享单车堆积，占用候车区域。"),
        F("traffic", "志愿者", M, "{site}早高峰无文明交通志愿者劝导，乘客不排队上车。"),
    ),
    "toilet": (
        F("sanitation", "干净整洁", J, "{site}内有明显异味，地面湿滑，洗手台水龙头损坏。"),
        F("sanitation", "专人管理", M, "{site}未按规定时间开放，无专人管理，标识不清。"),
        F("facilities", "干净整洁", M, "{site}无障碍厕位门锁损坏，扶手松动。"),
    ),
    "construction": (
        F("ecology", "冲洗", S, "{site}出入口车辆冲洗设施未使用，渣土车带泥上路，周边道路污染。"),
        F("ecology", "裸土", S, "{site}内裸土未覆盖，未湿法作业，扬尘明显。"),
        F("public_ads", "围挡", M, "{site}围挡公益广告占比不足30%，部分画面破损。"),
        F("noise", "", J, "{site}夜间22时后仍在施工作业，噪声扰民。"),
    ),
    "school_area": (
        F("traffic", "护学岗", J, "{site}放学时段无护学岗，接送车辆乱停乱放。"),
        F("market", "三无", S, "{site}有流动摊点销售“三无”食品和玩具。"),
        F("market", "烟草", J, "{site}100米内有商店销售烟草，未张贴不向未成年人售烟标识。"),
        F("other", "网吧", S, "{site}200米内新开一家游戏厅，接待未成年人。"),
    ),
    "mall": (
        F("facilities", "安全通道", S, "{site}{side}安全通道被货物堵塞。"),
        F("market", "明码标价", M, "{site}部分商品价签与实际售价不符。"),
        F("civility", "禁烟", M, "{site}{side}楼梯间有吸烟现象，烟头散落。"),
        F("market", "诚信经营", M, "{site}未公示12315投诉举报电话。"),
    ),
    "hotel": (
        F("market", "明码标价", M, "{site}前台未公示房价，主动提供一次性用品。"),
        F("facilities", "消防", S, "{site}消防通道堆放杂物，应急照明损坏。"),
        F("public_ads", "公益广告", M, "{site}大堂无公益广告。"),
    ),
    "scenic": (
        F("civility", "乱刻乱画", M, "{site}{side}景观石、护栏有乱刻乱画{n}处。"),
        F("service", "中英文标识", M, "{site}导向标识残缺，中英文标识不规范。"),
        F("market", "价格", J, "{site}{side}游船项目价格未公示，有游客反映价格欺诈。"),
        F("ecology", "漂浮物", J, "{site}{side}水面有漂浮物，岸边有垃圾。"),
    ),
    "culture": (
        F("service", "开放时间", M, "{site}未公示开放时间，实际开放时间不足。"),
        F("service", "志愿服务岗", M, "{site}志愿服务岗无人值守。"),
        F("service", "未成年人阅览区", M, "{site}未成年人阅览区被挪作他用。"),
        F("civility", "禁烟", M, "{site}{side}有人吸烟，控烟标识不全。"),
    ),
    "intersection": (
        F("traffic", "礼让斑马线", J, "{site}机动车不礼让行人现象较多，观察10分钟内有{n}辆车未礼让。"),
        F("traffic", "不闯红灯", M, "{site}行人、非机动车闯红灯现象突出。"),
        F("facilities", "信号灯", S, "{site}{side}信号灯故障，标线磨损不清。"),
        F("traffic", "值守疏导", J, "{site}早高峰无交警或志愿者值守疏导，车辆拥堵。"),
    ),
    "urban_rural": (
        F("sanitation", "乱倒垃圾", J, "{site}{side}有建筑垃圾和生活垃圾乱倒，约{n}0平方米。"),
        F("ecology", "露天焚烧", S, "{site}{side}有露天焚烧垃圾现象。"),
        F("illegal_building", "违法建设", J, "{site}{side}新增违法建设一处，约{n}0平方米。"),
        F("street_vending", "车辆乱停", J, "{site}路边车辆乱停乱放，占道经营严重。"),
        F("ecology", "油烟", M, "{site}{side}有露天烧烤摊点，油烟扰民。"),
    ),
    "practice_center": (
        F("other", "统一标识", M, "{site}无统一标识，工作制度未上墙，无专人管理。"),
        F("other", "活动记录", M, "{site}本月未开展志愿服务活动，活动记录缺失。"),
        F("public_ads", "好人榜", M, "{site}“好人榜”长期未更新。"),
    ),
    "fair_market": (
        F("market", "公平秤", J, "{site}未设置公平秤，商户使用的电子秤无检定标识。"),
        F("street_vending", "集市交易秩序", J, "{site}逢集日摊位占道，交易秩序混乱。"),
    ),
    "town": (
        F("sanitation", "村庄环境", J, "{site}{side}乱堆柴草、杂物，有露天垃圾。"),
        F("street_vending", "集镇街道", M, "{site}街道两侧店外经营、车辆乱停乱放。"),
    ),
    "bus": (
        F("service", "车容车貌", J, "{site}车厢内地面脏污、座椅破损，驾驶员未礼让斑马线。"),
        F("service", "专座", M, "{site}未设置老幼病残孕专座标识。"),
        F("public_ads", "公益广告", M, "{site}车载电视未播放公益广告。"),
    ),
    "taxi": (
        F("service", "拒载", S, "{site}有驾驶员在火车站拒载、议价，乘客投诉。"),
        F("service", "着装", M, "{site}驾驶员未按规定着装，车内卫生差。"),
    ),
    "station": (
        F("traffic", "非法营运", S, "{site}{side}有非法营运车辆强行拉客。"),
        F("service", "中英文标识", M, "{site}导向标识不清，中英文标识不规范。"),
        F("civility", "禁烟", M, "{site}候车厅有吸烟现象。"),
        F("other", "志愿服务站", M, "{site}志愿服务站无人值守。"),
    ),
}

# Reports of citizens, the hotline and grid workers without a site: {addr} is where it is.
ADDRESS_TEXTS: dict[str, tuple[tuple[str, str], ...]] = {  # category -> ((severity, text), ...)
    "sanitation": ((J, "{addr}附近垃圾堆放多日无人清运，气味难闻，希望尽快处理。"),
                   (J, "{addr}路边有大量装修垃圾被人偷倒。"), (M, "{addr}公厕很脏，没人打扫。")),
    "street_vending": ((J, "{addr}每天傍晚有摊贩占道摆摊卖烧烤，油烟大、垃圾多。"),
                       (M, "{addr}路口早点摊占用人行道，行人只能走机动车道。")),
    "traffic": ((M, "{addr}人行道上长期停放几辆“僵尸车”，无人管理。"), (S, "{addr}小区门口车辆乱停，救护车进不来。")),
    "facilities": ((U, "{addr}路段井盖缺失，夜间行人容易踩空，存在严重安全隐患。"),
                   (J, "{addr}路灯坏了一个多月，晚上一片漆黑。"), (M, "{addr}人行道地砖松动破损，雨天踩上去溅水。")),
    "noise": ((J, "{addr}附近工地夜间施工，噪声很大，影响居民休息。"), (M, "{addr}广场舞音响声音太大，晚上十点后还在跳。"),
              (J, "{addr}一楼商铺KTV深夜噪声扰民。")),
    "illegal_building": ((J, "{addr}有住户在楼顶违规加盖房屋。"), (M, "{addr}一楼住户私自扩建院子，占用公共绿地。")),
    "ecology": ((J, "{addr}附近餐馆油烟直排，呛得居民不敢开窗。"), (S, "{addr}附近河道有污水排入，水体发黑发臭。"),
                (S, "{addr}附近有人焚烧垃圾，烟雾很大。")),
    "appearance": ((M, "{addr}墙面、电线杆上小广告贴得到处都是。"), (S, "{addr}商铺招牌破损，大风天担心掉下来砸人。")),
    "public_ads": ((M, "{addr}公益广告牌破损褪色，很久没有更换。"),),
    "civility": ((M, "{addr}有人遛狗不牵绳，还不清理狗粪。"), (J, "{addr}有人从楼上往下乱扔垃圾。")),
    "market": ((M, "{addr}菜市场有摊贩缺斤少两。"),),
    "other": ((M, "{addr}附近有流浪犬聚集，担心伤人，希望有关部门处理。"),),
}
ADDRESS_CATEGORY_WEIGHTS = {
    "sanitation": 22, "street_vending": 14, "traffic": 14, "facilities": 14, "noise": 9, "illegal_building": 6,
    "ecology": 7, "appearance": 7, "public_ads": 2, "civility": 3, "market": 1, "other": 1,
}

# Environmental inspection transfers (环保督察转办) and what they are about.
ENVIRONMENT_SITE_TYPES = ("construction", "urban_rural", "park", "commercial_street", "scenic")
ENVIRONMENT_PREFIX = "【生态环境保护督察转办】群众举报："
LEADER_PREFIXES = ("市领导{when}调研时指出：", "市委主要领导{when}暗访时发现：", "分管副市长{when}督导时要求：")
LEADER_SUFFIX = "请责任单位立即整改，举一反三。"
MEDIA_OUTLETS = ("《示范日报》“曝光台”", "示范电视台《问政直通车》", "示范新闻网“民生热线”", "“示范发布”微信公众号")
MEDIA_PREFIX = "{outlet}报道："
HOTLINE_PREFIX = "市民来电反映："
PETITION_PREFIX = "群众来信反映："

# fmt: on
