"""Forms for the sites pages. They parse input; the rules live in services and rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.lib.forms import BootstrapMixin
from chuangwen.lib.xlsx import LIST_SEPARATORS
from chuangwen.sites.lookups import Directory, unit_label
from chuangwen.sites.models import Site, SiteType
from chuangwen.units.models import Unit


class SiteTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SiteType) -> str:
        return obj.name if obj.is_active else _("%(name)s（已停用）") % {"name": obj.name}


class SiteForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("编码"), max_length=32)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    site_type = SiteTypeChoiceField(label=gettext_lazy("点位类型"), queryset=SiteType.objects.all())
    address = forms.CharField(label=gettext_lazy("地址"), max_length=200, required=False)
    lat = forms.DecimalField(label=gettext_lazy("纬度"), help_text=gettext_lazy("十进制度数，如 30.593100"))
    lng = forms.DecimalField(label=gettext_lazy("经度"), help_text=gettext_lazy("十进制度数，如 114.305400"))
    territorial_unit = forms.CharField(
        label=gettext_lazy("属地单位"),
        max_length=200,
        help_text=gettext_lazy("单位编码或全称（区县、街道、社区、网格等）"),
        widget=forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off"}),
    )
    responsible_units = forms.CharField(
        label=gettext_lazy("包保单位"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("单位编码或全称，多个用“、”分隔"),
    )
    road_chief_name = forms.CharField(
        label=gettext_lazy("路长"), max_length=50, required=False, help_text=gettext_lazy("仅道路类点位填写")
    )
    road_chief_phone = forms.CharField(label=gettext_lazy("路长电话"), max_length=20, required=False)
    notes = forms.CharField(label=gettext_lazy("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]

    @classmethod
    def initial_for(cls, site: Site) -> dict:
        return {
            "code": site.code,
            "name": site.name,
            "site_type": site.site_type_id,
            "address": site.address,
            "lat": site.lat,
            "lng": site.lng,
            "territorial_unit": unit_label(site.territorial_unit),
            "responsible_units": "、".join(unit_label(u) for u in site.responsible_units.all()),
            "road_chief_name": site.road_chief_name,
            "road_chief_phone": site.road_chief_phone,
            "notes": site.notes,
            "is_active": site.is_active,
        }

    def clean(self):
        data = super().clean()
        territorial = data.get("territorial_unit") or ""
        responsible = [t.strip() for t in LIST_SEPARATORS.split(data.get("responsible_units") or "") if t.strip()]
        directory = Directory.load_units_for([territorial, *responsible])
        if territorial:
            data["territorial_unit"], problem = directory.unit(territorial)
            if problem:
                self.add_error("territorial_unit", problem)
        data["responsible_units"], problems = directory.units(responsible)
        if problems:
            self.add_error("responsible_units", problems)
        return data

    def site_fields(self) -> dict:
        """Keyword arguments for services.create_site / update_site."""
        return dict(self.cleaned_data)


class SiteTypeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("编码"), max_length=32)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=50)
    description = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_road = forms.BooleanField(label=gettext_lazy("道路类（设路长）"), required=False)
    sort_order = forms.IntegerField(label=gettext_lazy("排序"), initial=0, min_value=-9999, max_value=9999)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]

    @classmethod
    def initial_for(cls, site_type: SiteType) -> dict:
        return {name: getattr(site_type, name) for name in cls.base_fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSX 文件"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


def unit_options() -> list[Unit]:
    """Active territorial units for the datalist that helps typing a territorial unit."""
    return list(Unit.objects.active().territorial().only("code", "name", "path").order_by("path"))
