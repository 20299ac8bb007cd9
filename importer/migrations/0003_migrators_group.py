from django.db import migrations

GROUP = "Migrators"


def create_migrators_group(apps, schema_editor):
    """The "Migrators" group: people who may sign in to the admin and import posts there.

    The permissions are made here if they don't exist yet (Django adds them only after every
    migration has run)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    run_type, _ = ContentType.objects.get_or_create(app_label="importer", model="importrun")
    run_import, _ = Permission.objects.get_or_create(
        content_type=run_type,
        codename="run_import",
        defaults={"name": "Can import posts from the admin"},
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(run_import, access_admin)


def remove_migrators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    # After Wagtail's migrations that give every group with admin access more permissions
    # (choosing images and documents), so that the group has exactly these two.
    dependencies = [
        ("importer", "0002_import_runs"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_migrators_group, remove_migrators_group)]
