"""Secret rounds (covert, not yet published) leave the public code series: they held a public number
from their creation, a gap the inspected could see between the codes of open rounds. They take an
internal code now (N2026-001 …) and a public one when they are published, like every new round."""

from django.db import migrations


def internal_codes(apps, schema_editor):
    Round = apps.get_model("inspections", "Round")
    secret = Round.objects.filter(is_covert=True).exclude(status="published").order_by("period_start", "pk")
    next_number: dict[int, int] = {}
    for round_ in secret:
        year = round_.period_start.year
        if year not in next_number:
            taken = Round.objects.filter(code__startswith=f"N{year}-").values_list("code", flat=True)
            next_number[year] = max((int(c[6:]) for c in taken if c[6:].isdigit()), default=0)
        next_number[year] += 1
        Round.objects.filter(pk=round_.pk).update(code=f"N{year}-{next_number[year]:03d}")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(internal_codes, migrations.RunPython.noop)]
