"""Site types (点位类型) of the demo city and how sites of each type are named and placed.

Name and address patterns use these placeholders, filled by builders/sites.py:
{district} {dshort} {street} {community} {road} {cross} {cross2} {w} {n} {cn} {bank}
{supermarket} {hotel} {taxi} {project}.
"""

from __future__ import annotations

from typing import NamedTuple

DEFAULT_ADDRESS = "{district}{street}{road}{n}号"


class SiteTypeSpec(NamedTuple):
    code: str
    name: str
    department: str  # key of the department that answers for sites of this type (包保单位)
    weight: float  # share of the sites
    names: tuple[str, ...]
    address: str = DEFAULT_ADDRESS
    is_road: bool = False
    level: str = "community"  # territorial unit: "community", "street" or "self" (the unit is the site)
    county_only: bool = False
    description: str = ""


# fmt: off
SITE_TYPES = (
    SiteTypeSpec(
        "road", "主次干道", "CG", 13, ("{road}（{cross}—{cross2}段）",), "{district}{road}", True, "street",
        description="城市主干道、次干道，按路段设点，每个路段设路长",
    ),
    SiteTypeSpec(
        "alley", "背街小巷", "CG", 9, ("{w}巷", "{w}里", "{w}横街", "{road}{cn}巷"), "{district}{street}{name}",
        True,
    ),
    SiteTypeSpec(
        "commercial_street", "商业大街", "SW", 3, ("{w}步行街", "{w}商业街", "{w}美食街", "{road}商业街"),
        "{district}{street}{name}", True, "street",
    ),
    SiteTypeSpec("market", "农贸市场", "SJ", 5, ("{w}农贸市场", "{w}菜市场", "{w}生鲜市场")),
    SiteTypeSpec("community", "社区", "MZ", 11, ("{community}",), "{district}{street}{community}", level="self"),
    SiteTypeSpec("residential", "小区", "ZJ", 10, ("{w}花园", "{w}小区", "{w}苑", "{w}家园", "{w}新城", "{w}公馆")),
    SiteTypeSpec("park", "公园", "YL", 3, ("{w}公园", "{w}湖公园", "{w}游园", "{road}街头游园")),
    SiteTypeSpec("square", "公共广场", "CG", 2, ("{w}广场", "{w}文化广场", "{w}市民广场")),
    SiteTypeSpec("hospital", "医院", "WJ", 3, ("{dshort}人民医院", "{dshort}中医医院", "{street}社区卫生服务中心")),
    SiteTypeSpec("bank", "银行网点", "JR", 3, ("{bank}{w}支行",)),
    SiteTypeSpec("gov_hall", "政务大厅", "ZW", 2, ("{dshort}政务服务中心", "{street}便民服务中心")),
    SiteTypeSpec("bus_stop", "公交站点", "JT", 6, ("{road}{cross}站",), "{district}{road}与{cross}交会处"),
    SiteTypeSpec("toilet", "室外公共厕所", "CG", 4, ("{road}公厕", "{w}公园公厕", "{road}{n}号公厕")),
    SiteTypeSpec("construction", "建筑工地", "ZJ", 3, ("{w}{project}项目工地",), level="street"),
    SiteTypeSpec("school_area", "中小学校周边", "JY", 5, ("{w}小学周边", "{w}中学周边", "{dshort}实验小学周边")),
    SiteTypeSpec("mall", "商场超市", "SW", 3, ("{supermarket}{w}店", "{w}购物中心", "{w}商场")),
    SiteTypeSpec("hotel", "宾馆酒店", "WL", 2, ("{w}大酒店", "{w}宾馆", "{hotel}（{w}店）")),
    SiteTypeSpec("scenic", "景区景点", "WL", 1, ("{w}风景区", "{w}古镇", "{w}湿地公园", "{w}山森林公园"),
                 level="street"),
    SiteTypeSpec("culture", "公共文化设施", "WL", 2,
                 ("{dshort}图书馆", "{dshort}文化馆", "{w}博物馆", "{street}综合文化站", "{w}美术馆")),
    SiteTypeSpec("intersection", "交通路口", "JJ", 5, ("{road}与{cross}交叉路口",), "{district}{road}与{cross}交会处",
                 level="street"),
    SiteTypeSpec("urban_rural", "城乡接合部", "CG", 2, ("{w}片区", "{street}{w}片区"), "{district}{street}",
                 level="street"),
    SiteTypeSpec(
        "practice_center", "新时代文明实践中心", "XC", 2,
        ("{dshort}新时代文明实践中心", "{street}新时代文明实践所", "{community}新时代文明实践站"),
        description="新时代文明实践中心（所、站）",
    ),
    SiteTypeSpec("fair_market", "集贸市场", "SJ", 0.6, ("{street}集贸市场", "{w}集贸市场"), county_only=True),
    SiteTypeSpec("town", "乡镇", "NY", 0.6, ("{street}镇区",), "{district}{street}", level="self", county_only=True),
    SiteTypeSpec("bus", "公交车", "JT", 1, ("{n}路公交车",), "示范市公交集团第{cn}营运分公司", level="street"),
    SiteTypeSpec("taxi", "出租车", "JT", 0.4, ("{taxi}第{cn}车队",), "{district}{road}{n}号", level="street"),
    SiteTypeSpec("station", "交通场站", "JT", 0.8, ("{dshort}客运站", "{w}公交首末站", "{w}地铁站"), level="street"),
)
# fmt: on
