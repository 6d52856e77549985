"""The demo index, part two: 志愿服务, 诚信建设, 生态环境, 新时代文明实践, 社会文明风尚, and the city's
own special items (自选动作)."""

from __future__ import annotations

from chuangwen.demo.data.spec import STRICT_GRADES, N, S, deduct, grade, pass_rate, veto

# fmt: off
VOLUNTEERING = N(
    "志愿服务",
    N(
        "志愿服务组织",
        N(
            "志愿者队伍",
            S("注册志愿者人数占城市常住人口比例不低于15%，有志愿服务记录。", "2", "O", lead="WMB", resp="TW MZ"),
            S("建立志愿服务嘉许激励机制，开展星级志愿者认证。", "1", "M", lead="WMB", resp="TW"),
        ),
        N(
            "志愿服务站点",
            S("车站、医院、公园、广场等公共场所设立志愿服务站（岗），有人值守、标识统一。", "1.5", "F",
              "station hospital park square", "WMB", "TW WJ JT",
              checks=(pass_rate("志愿服务站有人值守、标识统一"), deduct("应设未设的，每处扣1分", "1"))),
            S("社区志愿服务站有固定场所、服务项目和活动记录。", "1", "F", "community", "MZ", "TW DISTRICTS"),
        ),
    ),
    N(
        "志愿服务活动",
        N(
            "常态化志愿服务",
            S("开展“学雷锋”、关爱空巢老人和留守儿童等志愿服务活动，形成品牌项目。", "1", "M", lead="WMB",
              resp="TW FL MZ"),
            S("市民对志愿服务的参与率、认可度不低于80%。", "1", "S", lead="TW"),
            S("早晚高峰路口、公交站点有文明交通志愿者劝导。", "1", "F", "intersection bus_stop", "TW", "JJ"),
        ),
    ),
)

INTEGRITY = N(
    "诚信建设",
    N(
        "社会信用体系",
        N(
            "信用体系",
            S("建成公共信用信息平台，归集信用信息，依法公示行政许可和行政处罚信息。", "1.5", "O", lead="FG",
              resp="ZW"),
            S("建立守信联合激励和失信联合惩戒机制，有典型案例。", "1", "M", lead="FG", resp="SF SJ"),
            S("市民对诚信建设的满意率不低于85%。", "1", "S", lead="FG"),
        ),
    ),
    N(
        "商务诚信",
        N(
            "诚信经营",
            S("商场超市、农贸市场明码标价，无短斤少两、无假冒伪劣商品。", "1.5", "F", "mall market commercial_street",
              "SJ", "SW", checks=(deduct("每发现一处未明码标价或短斤少两扣1分", "1"),)),
            S("宾馆酒店、景区景点价格公示，无价格欺诈、强买强卖。", "1", "F", "hotel scenic", "SJ", "WL"),
            S("商户悬挂“诚信经营示范店”标识，公示投诉举报电话12315。", "0.5", "F", "commercial_street mall", "SJ"),
            S("发生重大食品药品安全事件并造成恶劣影响的，按负面清单扣分。", "3", "O", lead="SJ",
              resp="WJ DISTRICTS", neg=True),
        ),
    ),
)

ECOLOGY = N(
    "生态环境",
    N(
        "污染防治",
        N(
            "大气与水环境",
            S("空气质量优良天数比例达到省下达的年度目标。", "2", "O", lead="HB", resp="ZJ JT DISTRICTS"),
            S("城市黑臭水体消除比例达到90%以上，河湖水面无漂浮物。", "1.5", "OF", "park scenic", "SWU",
              "HB DISTRICTS"),
            S("餐饮门店安装油烟净化设施并正常使用，无露天烧烤。", "1", "F", "commercial_street urban_rural", "HB",
              "CG SJ", checks=(deduct("每发现一处露天烧烤扣1分", "1"),)),
            S("中央和省生态环境保护督察反馈问题按期整改到位，有整改台账。", "2", "M", lead="HB", resp="DISTRICTS",
              neg=True),
        ),
    ),
    N(
        "园林绿化",
        N(
            "城市绿化",
            S("建成区绿地率不低于35%，人均公园绿地面积达到国家标准。", "1", "O", lead="YL", resp="ZY"),
            S("公园绿地管护到位，无黄土裸露、无毁绿种菜，设施完好。", "1.5", "F", "park square", "YL", "DISTRICTS",
              checks=(pass_rate("绿地管护到位、设施完好"), deduct("每发现一处黄土裸露或毁绿种菜扣0.5分", "0.5"))),
            S("道路绿化带整洁，无枯枝死树、无垃圾杂物。", "1", "F", "road", "YL", "CG"),
        ),
    ),
    N(
        "垃圾分类",
        N(
            "生活垃圾分类",
            S("公共机构和相关企业实行生活垃圾强制分类，覆盖率100%。", "1", "M", lead="CG", resp="JG"),
            S("居民对生活垃圾分类知晓、参与，分类投放准确。", "1", "F", "community residential", "CG", "DISTRICTS",
              checks=(grade("随机询问10名居民，按垃圾分类知晓率评定等级"),)),
            S("居民对生活垃圾分类的知晓率不低于90%。", "1", "S", lead="CG", resp="DISTRICTS"),
        ),
    ),
)

PRACTICE = N(
    "新时代文明实践",
    N(
        "阵地建设",
        N(
            "实践中心（所、站）",
            S("建成新时代文明实践中心（所、站），实现县、乡、村三级全覆盖。", "2", "M", lead="XC", resp="DISTRICTS"),
            S("实践中心（所、站）有固定场所、统一标识，工作制度上墙，有专人管理。", "1.5", "F", "practice_center",
              "XC", "DISTRICTS"),
            S("实践站每月开展志愿服务活动不少于2次，活动记录完整。", "1", "FM", "practice_center", "XC", "WMB",
              checks=(deduct("每缺少1次活动记录扣0.5分", "0.5"),)),
        ),
    ),
    N(
        "文明实践活动",
        N(
            "宣讲与活动",
            S("组建理论宣讲队伍，开展“百姓宣讲”进社区、进农村活动。", "1", "M", lead="XC", resp="ZGH FL"),
            S("群众对新时代文明实践活动的知晓率、参与率不低于80%。", "1", "S", lead="XC"),
        ),
    ),
)

CIVILITY = N(
    "社会文明风尚",
    N(
        "道德模范与身边好人",
        N(
            "典型选树",
            S("常态化开展道德模范、“身边好人”评选推荐和学习宣传，设立“好人榜”。", "1.5", "M", lead="WMB",
              resp="XC"),
            S("社区、广场等公共场所设置“好人榜”“善行义举榜”，内容定期更新。", "1", "F",
              "community square practice_center", "WMB", "DISTRICTS"),
            S("关心关爱道德模范和身边好人，建立帮扶礼遇制度。", "0.5", "M", lead="WMB", resp="MZ RS"),
        ),
    ),
    N(
        "移风易俗",
        N(
            "乡风文明",
            S("推进移风易俗，村（社区）红白理事会、村规民约全覆盖。", "1", "M", lead="MZ", resp="NY DISTRICTS"),
            S("倡导文明餐桌“光盘行动”，餐饮场所有提示标识，使用公筷公勺。", "0.5", "F", "hotel mall commercial_street",
              "SW", "SJ"),
            S("村庄环境整洁，无乱堆乱放、无露天垃圾，农村户厕改造达标。", "1", "F", "town urban_rural", "NY",
              "DISTRICTS"),
            S("乡镇集镇街道整洁，集市交易秩序良好。", "1", "F", "town fair_market", "NY", "SJ DISTRICTS"),
        ),
    ),
    N(
        "文明行为",
        N(
            "文明素养",
            S("市民对城市文明程度的满意率不低于85%。", "2", "S", lead="WMB", resp="DISTRICTS"),
            S("公共场所全面禁烟，控烟标识明显，无吸烟现象。", "0.5", "F", "mall station hospital culture", "WJ",
              "SW JT WL", checks=(deduct("每发现一人吸烟扣1分", "1"),)),
            S("养犬人依法文明养犬，出户牵绳，及时清理犬粪。", "0.5", "F", "residential park", "GA", "CG DISTRICTS"),
        ),
    ),
    N(
        "安全环境",
        N(
            "公共安全",
            S("商场、宾馆、市场、小区消防设施完好，安全通道畅通，无重大消防隐患。", "1", "F",
              "mall hotel market residential", "YJ", "GA",
              checks=(pass_rate("消防设施完好、安全通道畅通"), veto("存在重大消防隐患的，本项不得分"))),
            S("社区配备法律顾问，开展公共法律服务。", "1", "M", lead="SF", resp="DISTRICTS"),
            S("发生重大安全生产事故或重大火灾事故的，按负面清单扣分。", "3", "O", lead="YJ", resp="DISTRICTS",
              neg=True),
        ),
    ),
)

SPECIAL = N(
    "示范市特色指标（自选动作）",
    N(
        "城市特色",
        N(
            "特色创建",
            S("创建“门前三包”示范街，沿街商户签订责任书率100%。", "1", "F", "commercial_street road", "CG",
              "SW DISTRICTS", special=True),
            S("打造“礼让斑马线”示范路口，机动车礼让率不低于98%。", "1", "F", "intersection", "JJ", "TW",
              special=True, checks=(grade("观察10分钟，按机动车礼让率评定等级", STRICT_GRADES),)),
            S("建设“15分钟便民生活圈”，社区便民服务点全覆盖。", "1", "M", lead="SW", resp="MZ DISTRICTS",
              special=True),
            S("老旧小区改造完成年度目标，改造后建立长效管理机制。", "1", "M", lead="ZJ", resp="DISTRICTS",
              special=True),
            S("江滩、湖岸等滨水空间环境整洁，无违规垂钓、野泳等不文明行为。", "1", "F", "park scenic", "SWU",
              "YL GA", special=True),
            S("12345热线诉求按时办结率不低于95%，群众满意率不低于90%。", "1", "O", lead="ZW", resp="XF", special=True),
        ),
    ),
)
# fmt: on

CATEGORIES = (VOLUNTEERING, INTEGRITY, ECOLOGY, PRACTICE, CIVILITY, SPECIAL)
