"""The units of the demo city: districts, departments, window units, the third-party assessor."""

from __future__ import annotations

from typing import NamedTuple

CITY_CODE = "CITY"
CITY_NAME = "示范市"
OFFICE_CODE = "D-WMB"  # 市文明办, the civilization office (a department unit under the city)


class DistrictSpec(NamedTuple):
    code: str
    name: str
    short: str  # the name used inside site names, e.g. 江南区图书馆 / 高新区政务服务中心


URBAN_DISTRICTS = (
    DistrictSpec("JN", "江南区", "江南区"),
    DistrictSpec("JB", "江北区", "江北区"),
    DistrictSpec("CD", "城东区", "城东区"),
    DistrictSpec("CX", "城西区", "城西区"),
    DistrictSpec("BJ", "滨江区", "滨江区"),
    DistrictSpec("XG", "新港区", "新港区"),
    DistrictSpec("LH", "临湖区", "临湖区"),
    DistrictSpec("YS", "云山区", "云山区"),
    DistrictSpec("LQ", "龙泉区", "龙泉区"),
    DistrictSpec("FM", "凤鸣区", "凤鸣区"),
    DistrictSpec("HS", "华山区", "华山区"),
    DistrictSpec("QS", "青山区", "青山区"),
)
COUNTIES = (
    DistrictSpec("QX", "青溪县", "青溪县"),
    DistrictSpec("SL", "松林县", "松林县"),
)
ZONES = (
    DistrictSpec("GX", "示范高新技术产业开发区", "高新区"),
    DistrictSpec("JK", "示范经济技术开发区", "经开区"),
)


class DepartmentSpec(NamedTuple):
    key: str  # unit code is "D-<key>"; standards and site types refer to departments by key
    name: str


CITY_DEPARTMENTS = (
    DepartmentSpec("WMB", "市文明办"),
    DepartmentSpec("XC", "市委宣传部"),
    DepartmentSpec("CG", "市城管局"),
    DepartmentSpec("JT", "市交通运输局"),
    DepartmentSpec("JJ", "市公安局交警支队"),
    DepartmentSpec("GA", "市公安局"),
    DepartmentSpec("SJ", "市市场监管局"),
    DepartmentSpec("ZJ", "市住建局"),
    DepartmentSpec("JY", "市教育局"),
    DepartmentSpec("WJ", "市卫健委"),
    DepartmentSpec("WL", "市文旅局"),
    DepartmentSpec("HB", "市生态环境局"),
    DepartmentSpec("SW", "市商务局"),
    DepartmentSpec("MZ", "市民政局"),
    DepartmentSpec("YL", "市园林局"),
    DepartmentSpec("SWU", "市水务局"),
    DepartmentSpec("ZY", "市自然资源和规划局"),
    DepartmentSpec("ZW", "市政务服务和大数据管理局"),
    DepartmentSpec("JR", "市地方金融工作局"),
    DepartmentSpec("TW", "共青团示范市委"),
    DepartmentSpec("FL", "市妇联"),
    DepartmentSpec("ZGH", "市总工会"),
    DepartmentSpec("FG", "市发展改革委"),
    DepartmentSpec("RS", "市人社局"),
    DepartmentSpec("SF", "市司法局"),
    DepartmentSpec("YJ", "市应急管理局"),
    DepartmentSpec("NY", "市农业农村局"),
    DepartmentSpec("TY", "市体育局"),
    DepartmentSpec("XF", "市信访局"),
    DepartmentSpec("WX", "市委网信办"),
    DepartmentSpec("JG", "市机关事务管理局"),
    DepartmentSpec("YZ", "市邮政管理局"),
)

# District-level counterparts (large scale only): unit code "<district code>-<key>", name "<district><suffix>".
DISTRICT_DEPARTMENTS = (
    DepartmentSpec("CG", "城管局"),
    DepartmentSpec("SJ", "市场监管局"),
    DepartmentSpec("ZJ", "住建局"),
    DepartmentSpec("JY", "教育局"),
    DepartmentSpec("WJ", "卫健局"),
    DepartmentSpec("WL", "文旅局"),
    DepartmentSpec("MZ", "民政局"),
    DepartmentSpec("JT", "交通运输局"),
    DepartmentSpec("YL", "园林局"),
    DepartmentSpec("ZW", "政务服务中心"),
    DepartmentSpec("XC", "委宣传部"),
    DepartmentSpec("HB", "生态环境分局"),
    DepartmentSpec("JJ", "交警大队"),
    DepartmentSpec("NY", "农业农村局"),
    DepartmentSpec("YJ", "应急管理局"),
)


class WindowSpec(NamedTuple):
    code: str
    name: str
    department: str  # department key
    site_type: str  # site type code of the site built for it ("" for none)


WINDOW_UNITS = (
    WindowSpec("W-YY1", "市第一人民医院", "WJ", "hospital"),
    WindowSpec("W-YY2", "市中心医院", "WJ", "hospital"),
    WindowSpec("W-YY3", "市中医医院", "WJ", "hospital"),
    WindowSpec("W-YY4", "市妇幼保健院", "WJ", "hospital"),
    WindowSpec("W-ICBC", "中国工商银行示范市分行营业部", "JR", "bank"),
    WindowSpec("W-CCB", "中国建设银行示范市分行营业部", "JR", "bank"),
    WindowSpec("W-ABC", "中国农业银行示范市分行营业部", "JR", "bank"),
    WindowSpec("W-HCZ", "示范市火车站", "JT", "station"),
    WindowSpec("W-KYZ", "示范市长途汽车客运站", "JT", "station"),
    WindowSpec("W-GJ", "示范市公交集团", "JT", ""),
    WindowSpec("W-SMZJ", "市民之家（市政务服务中心）", "ZW", "gov_hall"),
    WindowSpec("W-GD", "国网示范市供电公司营业厅", "FG", ""),
    WindowSpec("W-SWJT", "示范市水务集团营业厅", "SWU", ""),
    WindowSpec("W-YZ", "示范市邮政分公司", "YZ", ""),
)

ASSESSOR_CODE = "A-HX"
ASSESSOR_NAME = "华信社会调查咨询有限公司"
