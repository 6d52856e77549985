"""Sites as compact GeoJSON for the map: short property names, coordinates as numbers.

Besides the features, the collection carries two foreign members the map needs: "types"
(id, name, colour for the legend, in display order) and "districts" (id, name).
"""

from __future__ import annotations

from django.db.models import QuerySet

from chuangwen.sites.filters import DistrictIndex, all_districts, type_colors
from chuangwen.sites.models import Site, SiteType


def feature_collection(sites: QuerySet[Site]) -> dict:
    """Three queries whatever the number of sites."""
    types = list(SiteType.objects.all())
    colors = type_colors(types)
    districts = DistrictIndex(all_districts())
    rows = sites.order_by("code").values_list(
        "pk", "code", "name", "site_type_id", "address", "lat", "lng", "territorial_unit__path", "is_active"
    )
    features = []
    used_types: set[int] = set()
    used_districts: dict[int, str] = {}
    for pk, code, name, type_id, address, lat, lng, path, active in rows:
        district = districts.for_path(path)
        props = {"c": code, "n": name, "t": type_id, "a": address}
        if district is not None:
            props["d"] = district.pk
            used_districts[district.pk] = district.name
        if not active:
            props["off"] = 1
        used_types.add(type_id)
        features.append(
            {"type": "Feature", "id": pk, "geometry": {"type": "Point", "coordinates": [float(lng), float(lat)]},
             "properties": props}
        )  # fmt: skip
    return {
        "type": "FeatureCollection",
        "types": [{"id": t.pk, "name": t.name, "color": colors[t.pk]} for t in types if t.pk in used_types],
        "districts": [{"id": pk, "name": name} for pk, name in used_districts.items()],
        "features": features,
    }
