from django.db import migrations


def seed(apps, schema_editor):
    from teilhabe.inventory.taxonomy import ensure_default_categories

    category = apps.get_model("inventory", "Category")
    for district in apps.get_model("regions", "District").objects.all():
        ensure_default_categories(district, category_model=category)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial"), ("regions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
