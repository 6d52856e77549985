"""Random primary keys for the round and the rows a secret round creates (teams, sample entries,
visits, check results, photos): a sequential id let the inspected infer a covert round from the gap
between the ids of the rounds they see (chuangwen/lib/ids.py). Existing rows keep their ids and the
foreign keys to them; new rows take a random id in 1..2**53-1 (the identity is dropped on
PostgreSQL, SQLite copies the rows into the rebuilt table). Orderings that broke ties by id as the
order of creation use created_at (rounds), the site (sample entries), the name (teams) and the
upload time (photos)."""

import chuangwen.lib.ids
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0002_internal_codes_for_secret_rounds"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="checkphoto",
            options={"ordering": ["uploaded_at", "id"], "verbose_name": "检查照片", "verbose_name_plural": "检查照片"},
        ),
        migrations.AlterModelOptions(
            name="round",
            options={
                "ordering": ["-period_start", "-created_at", "-id"],
                "verbose_name": "督查轮次",
                "verbose_name_plural": "督查轮次",
            },
        ),
        migrations.AlterModelOptions(
            name="roundsite",
            options={
                "ordering": ["team__sort_order", "seq", "site_id"],
                "verbose_name": "抽样点位",
                "verbose_name_plural": "抽样点位",
            },
        ),
        migrations.AlterModelOptions(
            name="team",
            options={"ordering": ["sort_order", "name"], "verbose_name": "督查组", "verbose_name_plural": "督查组"},
        ),
        migrations.AlterField(
            model_name="checkphoto",
            name="id",
            field=models.BigIntegerField(
                default=chuangwen.lib.ids.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
                verbose_name="ID",
            ),
        ),
        migrations.AlterField(
            model_name="checkresult",
            name="id",
            field=models.BigIntegerField(
                default=chuangwen.lib.ids.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
                verbose_name="ID",
            ),
        ),
        migrations.AlterField(
            model_name="round",
            name="id",
            field=models.BigIntegerField(
                default=chuangwen.lib.ids.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
                verbose_name="ID",
            ),
        ),
        migrations.AlterField(
            model_name="roundsite",
            name="id",
            field=models.BigIntegerField(
                default=chuangwen.lib.ids.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
                verbose_name="ID",
            ),
        ),
        migrations.AlterField(
            model_name="team",
            name="id",
            field=models.BigIntegerField(
                default=chuangwen.lib.ids.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
                verbose_name="ID",
            ),
        ),
        migrations.AlterField(
            model_name="visit",
            name="id",
            field=models.BigIntegerField(
                default=chuangwen.lib.ids.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
                verbose_name="ID",
            ),
        ),
    ]
