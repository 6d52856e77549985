"""The demo's news posts: what the city office published on the public page over the history.

Written, published (and once withdrawn) by the demo login `office` through the publicity services
at simulated past times, so the public page, the office's list and the audit log agree. Covers are
drawn with Pillow (street scenes of the demo photos under a red banner) and stored through
lib.uploads like any upload."""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from chuangwen.demo.builders import photos
from chuangwen.inspections.models import Kind, Round, RoundStatus
from chuangwen.lib.uploads import accept_image
from chuangwen.publicity import services
from chuangwen.publicity.models import NewsPost
from chuangwen.units.models import Unit, UnitKind, User

SEED = 2026_0707


@dataclass(frozen=True)
class Post:
    days_ago: int
    hour: float
    title: str
    summary: str
    body: str
    scene: str | None = None  # the cover's street scene, or no cover
    banner: str = ""
    withdrawn: str = ""  # the reason, for a post taken down again
    draft: bool = False
    after_mock: bool = False  # dated the day after the published mock assessment, when there is one


POSTS = (
    Post(
        76,
        10.5,
        "{city}召开创建全国文明城市工作推进大会",
        "会议总结上一阶段创建工作，部署下一步重点任务，要求各责任单位对照测评体系逐项抓落实。",
        "近日，{city}召开创建全国文明城市工作推进大会。市创建工作指挥部各成员单位、各区（县）和开发区主要负责同志参加会议。\n"
        "会议通报了上一阶段督查发现问题的整改情况，对照《全国文明城市测评体系》逐项梳理短板，明确牵头单位、责任单位和完成时限。\n"
        "会议强调，要坚持属地管理和“谁主管谁负责”，一把手亲自抓；要坚持明察暗访相结合，督查结果以红黑榜形式向社会公开，"
        "对整改不力的单位进行约谈。\n"
        "会议要求，各单位要把创建工作融入日常管理，让市民在创建中有更多获得感。",
        scene="billboard",
        banner="创文推进大会",
    ),
    Post(
        58,
        15.0,
        "“文明交通 你我同行”劝导活动走进全市主要路口",
        "志愿者和交警在高峰时段开展文明交通劝导，重点整治闯红灯、不礼让斑马线等行为。",
        "为提升市民文明出行意识，市文明办联合市公安局交通管理部门，在全市主要路口开展“文明交通 你我同行”劝导活动。\n"
        "每天早晚高峰，志愿者身穿红马甲、手持小红旗，在路口协助交警引导行人和非机动车有序通行，"
        "对闯红灯、不走斑马线等行为进行劝导。\n"
        "活动开展以来，重点路口机动车礼让斑马线率明显提升。活动将持续开展，欢迎更多市民报名参加志愿服务。",
        scene="cars",
        banner="文明交通 你我同行",
    ),
    Post(
        41,
        9.5,
        "背街小巷环境整治：清理卫生死角、规范车辆停放",
        "各街道对照测评标准开展背街小巷集中整治，问题整改情况纳入督查复核。",
        "近期，各区组织街道、社区对背街小巷开展集中整治，重点清理卫生死角、乱堆乱放和小广告，规范非机动车停放。\n"
        "整治中，各街道建立问题清单，明确整改时限，整改完成后上传整改前后照片，由文明办组织复核销号。\n"
        "对督查中发现问题反弹的点位，文明办将开展“回头看”，反弹问题计入责任单位考核。",
        scene="bikes",
        banner="背街小巷整治",
    ),
    Post(
        29,
        16.0,
        "关于调整文明城市创建督查安排的通知",
        "",
        "因工作安排调整，原定本周开展的专项督查顺延。具体安排另行通知。",
        withdrawn="督查安排以正式通知为准，此稿撤回",
    ),
    Post(
        23,
        11.0,
        "随手拍：发现不文明现象，拍一拍就能反映",
        "市民可通过手机随手拍反映身边的不文明现象，凭查询码随时查看办理进度，有效反映可获得积分。",
        "为畅通市民参与文明城市创建的渠道，市文明办开通“随手拍”。市民看到乱扔垃圾、占道经营、设施损坏等问题，"
        "用手机打开随手拍页面，拍下照片、标注位置、选择问题类别，即可提交。\n"
        "提交后会得到一个查询码，凭查询码可以随时查看问题的受理、交办和整改进度。反映经核实受理的，可获得奖励积分。\n"
        "您的姓名和手机号只有文明办工作人员可以看到，不会公开。",
        scene="litter",
        banner="随手拍 共建文明城",
    ),
    Post(
        12,
        10.0,
        "农贸市场“公平秤”和公益广告实现全覆盖",
        "市场监管部门对全市农贸市场开展专项检查，公平秤、公益广告设置情况纳入日常督查。",
        "近日，市市场监督管理局会同各区对全市农贸市场开展专项检查，重点检查公平秤设置、公益广告张贴、环境卫生和经营秩序。\n"
        "目前，全市农贸市场入口处均已设置公平秤，每个市场公益广告不少于5处。检查中发现的问题已交办相关市场限期整改。",
        scene="stalls",
        banner="农贸市场 规范经营",
    ),
    Post(
        3,
        10.0,
        "“文明餐桌”行动：倡导光盘行动、公筷公勺",
        "餐饮行业协会向全市餐饮单位发出倡议，公益广告进店入户。",
        "近日，市文明办联合市商务局、市餐饮行业协会启动“文明餐桌”行动，向全市餐饮单位发出倡议："
        "提供小份菜、半份菜，主动提醒顾客适量点餐，推广公筷公勺。\n"
        "全市重点餐饮单位已在店内张贴“光盘行动”公益广告，文明办将把餐饮单位公益广告设置情况纳入日常督查。",
        scene="billboard",
        banner="文明餐桌 光盘行动",
    ),
    Post(
        38,
        14.5,
        "第三方模拟测评结果出炉 红黑榜向社会公开",
        "本期督查结果和各区、各部门红黑榜已在本页公布，黑榜单位须限期整改并接受约谈。",
        "按照创建工作安排，市文明办委托第三方测评机构开展了模拟测评，采取实地暗访方式，随机抽取各类点位进行考察。\n"
        "测评结果已按区县、街道乡镇和市直部门分组排名，红黑榜在本页“创建进展”中向社会公开。\n"
        "对列入黑榜的单位，文明办将下发整改通知，逾期未整改或问题反弹的，纳入年度目标考核并约谈单位主要负责人。",
        scene="clean",
        banner="红黑榜 公开",
        after_mock=True,
    ),
    Post(
        0,
        9.0,
        "志愿服务“周末文明行”活动预告",
        "",
        "本周末，各新时代文明实践中心将组织志愿者开展清洁家园、文明劝导等志愿服务活动。（待补充集合地点）",
        draft=True,
    ),
)

SCENES = {
    "billboard": lambda d, rng: photos._billboard(d, rng, fresh=True),
    "cars": photos._cars,
    "bikes": photos._bikes,
    "litter": photos._litter,
    "stalls": photos._stalls,
    "clean": photos._clean,
}


def _cover(post: Post, rng: random.Random):
    image = Image.new("RGB", (photos.WIDTH, photos.HEIGHT))
    draw = ImageDraw.Draw(image)
    photos._street(draw, rng)
    SCENES[post.scene](draw, rng)
    draw.rectangle([0, 0, photos.WIDTH, 120], fill=(179, 38, 30))
    font = photos._font(64)
    if font is not None:
        width = draw.textlength(post.banner, font=font)
        draw.text(((photos.WIDTH - width) / 2, 24), post.banner, font=font, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return accept_image(SimpleUploadedFile("cover.jpg", buffer.getvalue(), "image/jpeg"), folder="news")


def _at(now: datetime.datetime, day: datetime.date, hour: float) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time())) + datetime.timedelta(hours=hour)
    return min(moment, now - datetime.timedelta(minutes=30))


def _day(spec: Post, now: datetime.datetime, mock: Round | None) -> datetime.date:
    if spec.after_mock and mock is not None:
        return timezone.localtime(mock.published_at).date() + datetime.timedelta(days=1)
    return timezone.localtime(now).date() - datetime.timedelta(days=spec.days_ago)


def build_news(now: datetime.datetime) -> dict[str, int]:
    office = User.objects.get(username="office")
    city = Unit.objects.filter(kind=UnitKind.CITY, parent__isnull=True).order_by("pk").first()
    city_name = city.name if city else ""
    mock = Round.objects.filter(kind=Kind.MOCK, status=RoundStatus.PUBLISHED).order_by("-published_at").first()
    rng = random.Random(SEED)
    for spec in POSTS:
        day = _day(spec, now, mock)
        written = _at(now, day, spec.hour - 1.5)
        with time_machine.travel(written, tick=False) as traveller:
            cover = _cover(spec, rng) if spec.scene else None
            post = services.create_post(
                office, title=spec.title.format(city=city_name), summary=spec.summary,
                body=spec.body.format(city=city_name), cover=cover,
            )  # fmt: skip
            if spec.draft:
                continue
            traveller.move_to(_at(now, day, spec.hour))
            post = services.publish_post(office, post)
            if spec.withdrawn:
                traveller.move_to(_at(now, day, spec.hour) + datetime.timedelta(minutes=40))
                services.withdraw_post(office, post, reason=spec.withdrawn)
    return {"news_posts": NewsPost.objects.count()}
