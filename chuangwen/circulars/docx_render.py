"""Rendering the circular into a Word template with docxtpl, and checking an uploaded template.

Templates run in Jinja's sandbox with strict undefined names and autoescape (an uploaded template is
code the office wrote; a misspelt placeholder is an error, not a silent blank). The context's text is
cleaned of characters XML cannot hold (lib.text): docxtpl re-reads the rendered XML in lxml's recover
mode, which would otherwise silently drop the rest of such a text, escaped < > & included. The result is made
reproducible: core properties carry the circular's date and every zip entry the same time.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from copy import copy
from functools import lru_cache

from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from chuangwen.circulars.content import Content
from chuangwen.circulars.docx_template import build_default_template
from chuangwen.lib.errors import DomainError
from chuangwen.lib.text import clean_data, clean_text

CHART_WIDTH = Mm(150)
PHOTO_WIDTH = Mm(70)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@lru_cache(maxsize=1)
def default_template() -> bytes:
    """The shipped default template, normalised so that its download is the same every time."""
    return normalize(build_default_template(), datetime.datetime(2026, 1, 1), title="督查通报模板")


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _docx_context(tpl: DocxTemplate, content: Content) -> dict:
    """The content's context with picture keys turned into Word inline pictures."""

    def picture(key: str, width) -> InlineImage | str:
        return InlineImage(tpl, io.BytesIO(content.images[key]), width=width) if key else ""

    def problem(p: dict) -> dict:
        row = copy(p)
        row["before"], row["after"] = picture(p["before"], PHOTO_WIDTH), picture(p["after"], PHOTO_WIDTH)
        return row

    context = clean_data(content.context())
    context["groups"] = [{**g, "chart": picture(g["chart"], CHART_WIDTH)} for g in context["groups"]]
    context["category_chart"] = picture(context["category_chart"], CHART_WIDTH)
    context["problems"] = [problem(p) for p in context["problems"]]
    context["photo_problems"] = [problem(p) for p in context["photo_problems"]]
    return context


def render(template: bytes, content: Content, moment: datetime.datetime) -> bytes:
    """The circular as .docx bytes, or DomainError(field="template") when the template fails."""
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(_docx_context(tpl, content), jinja_env=_environment())
        buffer = io.BytesIO()
        tpl.save(buffer)
    except DomainError:
        raise
    except TemplateSyntaxError as exc:
        raise DomainError(_("模板占位符语法错误（第 %(line)s 行附近：%(error)s），请检查“{{ }}”和“{%% %%}”是否成对、拼写是否正确") % {"line": exc.lineno, "error": exc.message}, field="template") from None  # fmt: skip
    except UndefinedError as exc:
        raise DomainError(_("模板中有无法识别的占位符：%(name)s（可用的占位符见默认模板和说明）") % {"name": _undefined_name(exc)}, field="template") from None  # fmt: skip
    except SecurityError:
        raise DomainError(_("模板中含有不允许的操作"), field="template") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DomainError(_("文件不是有效的 Word 文档（.docx）"), field="template") from exc
    except Exception as exc:  # docxtpl and lxml raise many kinds on a broken document
        raise DomainError(_("模板无法生成通报：%(error)s") % {"error": type(exc).__name__}, field="template") from exc
    h = content.header
    title, office, number = clean_text(h.title), clean_text(h.office), clean_text(h.number)
    return normalize(buffer.getvalue(), moment, title=title, author=office, subject=number)


def _undefined_name(exc: UndefinedError) -> str:
    text = str(exc.message or exc)
    match = re.search(r"'([^']+)' is undefined", text) or re.search(r"has no attribute '([^']+)'", text)
    return match[1] if match else text


def normalize(data: bytes, moment: datetime.datetime, *, title: str, author: str = "", subject: str = "") -> bytes:
    """Fixed core properties and zip entry times, so the same content gives the same bytes."""
    from docx import Document

    naive = moment.replace(tzinfo=None, microsecond=0)
    document = Document(io.BytesIO(data))
    core = document.core_properties
    core.title, core.subject, core.author, core.last_modified_by = title, subject, author, author
    core.keywords, core.category, core.comments, core.language = "督查通报", "督查通报", "", "zh-CN"
    core.created = core.modified = naive
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _zip_times(buffer.getvalue(), naive)


def _zip_times(data: bytes, moment: datetime.datetime) -> bytes:
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
