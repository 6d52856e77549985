import pytest

from chuangwen.lib.navigation import nav_for

pytestmark = pytest.mark.django_db


def _labels(entries):
    return [(str(e["label"]), [str(c["label"]) for c in e.get("children", [])]) for e in entries]


def test_the_office_admin_gets_dropdowns_for_groups(world):
    labels = dict(_labels(nav_for(world.office_admin)))
    assert labels["问题"] == ["全部问题", "约谈名单", "回头看", "随手拍受理", "热线信访登记"]
    assert labels["点位"] == ["点位列表", "点位地图"]
    assert labels["管理"] == ["单位", "人员", "问题设置", "新闻发布", "Open311 密钥", "审计日志"]
    assert labels["测评考核"] == ["排名", "督查通报", "年度考核", "考核设置"]
    assert "工作队列" in labels


def test_a_handler_sees_only_unit_items(world):
    labels = dict(_labels(nav_for(world.handler)))
    assert "待办问题" in labels
    assert "管理" not in labels and "工作队列" not in labels and "回头看" not in str(labels)


def test_a_single_item_group_stays_a_plain_link(world):
    entries = nav_for(world.leader)
    flat = [e for e in entries if not e.get("children")]
    assert any(str(e["label"]) == "测评体系" for e in flat)
