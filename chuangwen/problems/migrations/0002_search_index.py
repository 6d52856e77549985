from django.db import migrations

from chuangwen.lib.search import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]

    operations = [CreateSearchIndex("problems")]
