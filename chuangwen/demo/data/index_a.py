"""The demo index, part one: 公共环境, 公共秩序, 公益广告, 公共服务, 未成年人思想道德建设.

Texts paraphrase the 全国文明城市测评体系（2021年版） and the decomposition tables cities publish.
"""

from __future__ import annotations

from chuangwen.demo.data.spec import N, S, deduct, grade, pass_rate, veto

# fmt: off
PUBLIC_ENVIRONMENT = N(
    "公共环境",
    N(
        "市容市貌",
        N(
            "主次干道",
            S("主次干道路面平整、干净整洁，无暴露垃圾、无积存污水、无卫生死角。", "2", "F", "road", "CG", "DISTRICTS",
              checks=(pass_rate("路面干净整洁，无暴露垃圾、无积存污水"), deduct("每发现一处卫生死角扣1分", "1"))),
            S("主次干道沿街立面整洁，无乱贴乱画、乱涂乱写，无违章搭建。", "1.5", "F", "road commercial_street", "CG",
              "ZJ DISTRICTS", checks=(deduct("每发现一处乱贴乱画、乱涂乱写扣0.5分", "0.5"),)),
            S("主次干道无占道经营、流动摊贩和乱堆乱放，沿街单位和商户落实“门前三包”责任。", "2", "F",
              "road commercial_street", "CG", "SJ DISTRICTS"),
        ),
        N(
            "背街小巷",
            S("背街小巷路面硬化平整，无坑洼破损、无积水，路灯完好。", "1", "F", "alley", "ZJ", "DISTRICTS"),
            S("背街小巷无乱搭乱建、乱堆乱放、乱拉乱挂，无私拉电线、飞线充电。", "1.5", "F", "alley", "CG",
              "YJ DISTRICTS", checks=(deduct("每发现一处乱搭乱建、飞线充电扣0.5分", "0.5"),)),
            S("背街小巷垃圾收集容器配置合理，垃圾日产日清，无垃圾外溢。", "1", "F", "alley urban_rural", "CG",
              "DISTRICTS"),
        ),
        N(
            "城乡接合部",
            S("城乡接合部环境整洁，无乱倒垃圾、无露天焚烧、无违法建设。", "1.5", "F", "urban_rural", "CG",
              "ZY HB DISTRICTS"),
            S("城乡接合部道路通畅，无占道经营、车辆乱停乱放。", "1", "F", "urban_rural town", "JJ", "CG DISTRICTS"),
        ),
    ),
    N(
        "环境卫生",
        N(
            "农贸市场",
            S("农贸市场入口处设置公平秤，标识清晰，计量准确。", "1.5", "F", "market fair_market", "SJ", "DISTRICTS"),
            S("农贸市场划行归市、摊位整齐，地面干净无积水、无异味，无活禽现场宰杀。", "2", "F", "market fair_market",
              "SJ", "CG DISTRICTS",
              checks=(pass_rate("市场内划行归市、地面干净、无异味"),
                      deduct("市场内外每处出店经营、占道经营扣1分", "1"))),
            S("农贸市场公示食品安全信息和农药残留检测结果，商品明码标价。", "1", "F", "market", "SJ"),
            S("农贸市场、集贸市场无销售野生动物和违规活禽交易。", "1", "F", "market fair_market", "SJ", "NY GA",
              neg=True, checks=(veto("发现销售野生动物的，总分一票否决", "total"),)),
        ),
        N(
            "公共厕所",
            S("公共厕所数量满足需要、标识规范，免费开放，有专人管理。", "1", "F", "toilet", "CG", "DISTRICTS"),
            S("公共厕所内外干净整洁，无明显异味，设施完好，设有无障碍厕位和洗手设施。", "1.5", "F", "toilet", "CG",
              "DISTRICTS", checks=(pass_rate("厕所干净整洁、无异味"), deduct("设施损坏每处扣0.5分", "0.5"))),
        ),
        N(
            "居民小区",
            S("小区环境整洁，绿化带无垃圾杂物，楼道内无乱堆乱放、无小广告。", "1.5", "F", "residential community",
              "ZJ", "DISTRICTS"),
            S("小区垃圾分类投放点设置规范，有分类标识和督导员，无混投混运。", "1", "F", "residential community", "CG",
              "ZJ DISTRICTS"),
            S("小区物业服务规范，设公示栏，车辆停放有序，电动车集中充电。", "1", "F", "residential", "ZJ", "YJ"),
        ),
    ),
    N(
        "施工管理",
        N(
            "建筑工地",
            S("建筑工地出入口道路硬化，设置车辆冲洗设施，渣土车密闭运输，无带泥上路。", "1.5", "F", "construction",
              "ZJ", "CG HB"),
            S("建筑工地落实扬尘防控“六个百分之百”，裸土覆盖、湿法作业。", "1.5", "F", "construction", "ZJ", "HB",
              checks=(deduct("每发现一处裸土未覆盖扣1分", "1"),)),
        ),
    ),
)

PUBLIC_ORDER = N(
    "公共秩序",
    N(
        "交通秩序",
        N(
            "路口通行",
            S("路口机动车礼让斑马线，行人、非机动车不闯红灯、不越线停车。", "2", "F", "intersection", "JJ",
              "DISTRICTS", checks=(grade("观察10分钟，按机动车礼让斑马线比率评定等级"),
                                   deduct("每发现一起闯红灯行为扣0.5分", "0.5"))),
            S("交通信号灯、标志标线设置规范、清晰完好。", "1", "F", "intersection road", "JJ", "JT"),
            S("早晚高峰路口有交警或文明交通志愿者值守疏导。", "1", "F", "intersection", "JJ", "TW"),
        ),
        N(
            "停车秩序",
            S("机动车按规定停放，无占用人行道、盲道停车。", "1.5", "F", "road commercial_street alley", "JJ", "CG",
              checks=(deduct("每发现一辆违规停放车辆扣0.5分", "0.5"),)),
            S("非机动车、共享单车停放有序，设有停放区域。", "1", "F", "road bus_stop commercial_street", "CG", "JT"),
        ),
        N(
            "公共交通",
            S("公交站点站牌信息清晰准确，候车亭整洁完好，乘客排队候车、有序上下。", "1.5", "F", "bus_stop", "JT"),
            S("公交车车容车貌整洁，驾驶员文明服务、礼让行人，车内有老幼病残孕专座。", "1", "F", "bus", "JT"),
            S("出租车驾驶员着装规范、文明用语，不拒载、不议价、不绕路。", "1", "F", "taxi", "JT"),
            S("车站、客运场站秩序良好，无非法营运、强行拉客。", "1.5", "F", "station", "JT", "GA"),
        ),
    ),
    N(
        "公共场所秩序",
        N(
            "公共场所",
            S("公共场所无大声喧哗、随地吐痰、乱扔杂物等不文明行为。", "1", "F", "square park mall station", "CG",
              "WL DISTRICTS", checks=(deduct("每发现一起不文明行为扣0.5分", "0.5"),)),
            S("广场舞等群众性活动时间、音量合理，不扰民。", "0.5", "F", "square park", "WL", "GA DISTRICTS"),
            S("商场超市购物秩序良好，排队有序，安全通道畅通。", "1", "F", "mall", "SW", "YJ"),
        ),
        N(
            "社会治安",
            S("群众安全感达到90%以上。", "2", "S", lead="GA", resp="DISTRICTS"),
            S("刑事案件发案率稳中有降，建成立体化社会治安防控体系。", "1", "MO", lead="GA", resp="SF"),
            S("发生重大群体性事件、重大刑事案件并造成恶劣影响的，按负面清单扣分。", "3", "O", lead="GA",
              resp="DISTRICTS", neg=True),
        ),
    ),
)

PUBLIC_ADS = N(
    "公益广告",
    N(
        "公益广告刊播",
        N(
            "户外公益广告",
            S("主次干道每200米不少于1处公益广告，内容健康、画面完好、无破损褪色。", "2", "F", "road commercial_street",
              "XC", "CG DISTRICTS",
              checks=(deduct("每500米路段缺少公益广告扣2分", "2"), pass_rate("画面完好、无破损褪色"))),
            S("农贸市场内外设置不少于5处公益广告，集中展示社会主义核心价值观内容。", "1", "F", "market fair_market",
              "XC", "SJ", checks=(deduct("每缺少1处公益广告扣4分", "4"),)),
            S("建筑工地围挡公益广告占比不低于30%，内容规范、画面整洁。", "1.5", "F", "construction", "XC", "ZJ"),
            S("公交站点、公交车公益广告刊播比例不低于10%。", "1", "F", "bus_stop bus", "XC", "JT",
              checks=(deduct("刊播比例不足的，每处扣1分", "1"),)),
            S("公园、广场、景区等公共场所设置公益广告，与环境相协调。", "1", "F", "park square scenic", "XC", "YL WL"),
            S("医院、银行网点、政务大厅、交通场站等窗口单位有公益广告，电子屏滚动播放。", "1", "F",
              "hospital bank gov_hall station", "XC", "WJ JR ZW JT", checks=(deduct("每缺少1处公益广告扣2分", "2"),)),
            S("社区、小区宣传栏和楼栋有公益广告，宣传氛围浓厚。", "1", "F", "community residential", "XC", "DISTRICTS",
              checks=(deduct("每缺少1处公益广告扣4分", "4"),)),
        ),
        N(
            "媒体公益广告",
            S("市级主要媒体开设公益广告专栏，刊播数量不低于规定比例。", "1", "M", lead="XC"),
            S("新媒体平台常态化推送公益广告和文明创建内容。", "1", "O", lead="XC", resp="WX"),
        ),
    ),
    N(
        "宣传氛围",
        N(
            "创建知晓率",
            S("市民对创建全国文明城市的知晓率、支持率不低于90%。", "2", "S", lead="XC", resp="DISTRICTS"),
            S("沿街商户、市场经营户知晓创建工作，讲文明树新风氛围浓厚。", "1", "F", "commercial_street mall market",
              "XC", "SW SJ", checks=(grade("随机询问10名经营户，按知晓率评定等级"),)),
        ),
    ),
)

PUBLIC_SERVICE = N(
    "公共服务",
    N(
        "窗口服务",
        N(
            "政务服务",
            S("政务大厅设置咨询导办台，办事指南公开，实行“一窗受理”“一网通办”。", "1.5", "F", "gov_hall", "ZW",
              "DISTRICTS"),
            S("工作人员佩戴工作牌、使用文明用语、热情服务，无推诿扯皮、吃拿卡要。", "1.5", "F",
              "gov_hall hospital bank station", "ZW", "WJ JR JT",
              checks=(grade("现场随机访问办事群众，按满意率评定等级"),)),
            S("设置“办不成事”反映窗口和“好差评”系统，群众评价公开。", "1", "FM", "gov_hall", "ZW"),
        ),
        N(
            "医疗服务",
            S("医院挂号、收费、取药秩序良好，设导医服务台和志愿服务站。", "1.5", "F", "hospital", "WJ"),
            S("医院环境整洁，无烟医院标识明显，院内无吸烟现象。", "1", "F", "hospital", "WJ",
              checks=(deduct("每发现一人吸烟扣1分", "1"),)),
            S("医院设有母婴室、无障碍设施和老年人就医绿色通道。", "1", "F", "hospital", "WJ"),
        ),
        N(
            "金融服务",
            S("银行网点设置爱心窗口、老年人专座和便民服务设施。", "1", "F", "bank", "JR"),
            S("银行网点公示服务收费标准，有防范电信网络诈骗宣传。", "0.5", "F", "bank", "JR", "GA"),
        ),
    ),
    N(
        "便民设施",
        N(
            "无障碍与便民设施",
            S("城市道路盲道连续畅通，无障碍设施完好，无被占用。", "1", "F", "road commercial_street", "ZJ", "CG",
              checks=(deduct("每发现一处盲道被占用或中断扣0.5分", "0.5"),)),
            S("公共场所设置清晰规范的中英文标识和导向标志。", "0.5", "F", "station scenic culture", "WL", "JT"),
            S("广场、公园、交通场站设有免费饮水、休息等便民服务设施。", "0.5", "F", "square park station", "CG",
              "YL JT"),
        ),
    ),
    N(
        "公共文化服务",
        N(
            "公共文化设施",
            S("图书馆、文化馆、博物馆等免费开放，开放时间公示，每周开放不少于56小时。", "1", "F", "culture", "WL"),
            S("公共文化设施内秩序良好，设有志愿服务岗。", "1", "F", "culture", "WL", "TW"),
            S("市民对公共文化服务的满意率不低于85%。", "1", "S", lead="WL"),
            S("年度组织开展群众性文化活动不少于规定场次，有活动台账。", "1", "M", lead="WL", resp="TY DISTRICTS"),
        ),
        N(
            "旅游服务",
            S("景区景点环境整洁，游客文明游览，无乱刻乱画、乱扔垃圾。", "1", "F", "scenic", "WL", "YL"),
            S("宾馆酒店明码标价、服务规范，不主动提供一次性用品，有公益广告。", "1", "F", "hotel", "WL", "SJ"),
        ),
    ),
)

MINORS = N(
    "未成年人思想道德建设",
    N(
        "校园周边环境",
        N(
            "中小学校周边",
            S("学校周边200米内无网吧、歌舞厅、游戏厅等营业性娱乐场所。", "2", "F", "school_area", "WL",
              "JY GA DISTRICTS", neg=True, checks=(veto("发现营业性娱乐场所的，本项不得分"),)),
            S("学校周边无占道经营，无销售“三无”食品和玩具的摊点。", "1.5", "F", "school_area", "SJ", "CG JY",
              checks=(deduct("每发现一处摊点扣1分", "1"),)),
            S("上下学时段校门口设护学岗，交通秩序良好，接送车辆停放有序。", "1", "F", "school_area", "JJ", "JY GA"),
            S("学校周边100米内无烟草销售点，不向未成年人销售烟酒。", "1", "F", "school_area", "SJ", "JY",
              checks=(deduct("每发现一处烟草销售点扣2分", "2"),)),
        ),
    ),
    N(
        "学校德育",
        N(
            "德育工作",
            S("中小学校开展社会主义核心价值观教育，有德育工作方案和活动台账。", "1.5", "M", lead="JY"),
            S("学生对社会主义核心价值观基本内容的知晓率不低于95%。", "1", "S", lead="JY"),
            S("中小学配备心理健康教育教师，设有心理辅导室。", "1", "M", lead="JY", resp="WJ"),
        ),
    ),
    N(
        "未成年人活动场所",
        N(
            "校外活动场所",
            S("社区设有“四点半课堂”等未成年人活动场所，定期开展活动。", "1", "F", "community practice_center", "TW",
              "FL JY DISTRICTS"),
            S("图书馆、文化馆、博物馆等设有未成年人阅览区并免费开放。", "0.5", "F", "culture", "WL"),
            S("发生校园欺凌、未成年人重大安全事故并造成恶劣影响的，按负面清单扣分。", "3", "O", lead="JY",
              resp="GA DISTRICTS", neg=True),
        ),
    ),
)
# fmt: on

CATEGORIES = (PUBLIC_ENVIRONMENT, PUBLIC_ORDER, PUBLIC_ADS, PUBLIC_SERVICE, MINORS)
