from django.contrib.auth.management import create_permissions
from django.db import migrations

# Reporters write entries (as drafts, their own: articles/live/roles.py);
# editors also publish, withdraw and correct them. Nobody deletes an entry or
# a correction: an entry is withdrawn, a correction corrected.
GROUPS = {
    "Reporter": [
        "view_livecoverage",
        "view_liveentry",
        "add_liveentry",
        "change_liveentry",
        "view_liveentrycorrection",
    ],
    "Editor": [
        f"{action}_{model}"
        for model in ["livecoverage", "liveentry", "liveentrycorrection"]
        for action in ["view", "add", "change"]
    ],
}


def give_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        permissions = Permission.objects.filter(
            content_type__app_label="live", codename__in=codenames
        )
        group.permissions.add(*permissions)


def take_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="live")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_live_coverage_and_entries"),
        ("articles", "0004_editorial_workflow"),
    ]

    operations = [migrations.RunPython(give_permissions, take_permissions)]
