"""The "HR staff" group: view, add, change and delete on the vacancy's models, nothing else.

Least privilege: no permission over users, groups or permissions, so an HR
account can edit postings but cannot grant itself (or anyone) more.
"""

from django.db import migrations

GROUP = "HR staff"
MODELS = ["vacancy", "supervision", "dutystation", "duty", "qualification"]
ACTIONS = ["view", "add", "change", "delete"]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # On a fresh database the permissions are only created after all
    # migrations (post_migrate); create this app's now. The stub app config
    # has no models module, which create_permissions would take as "no models".
    app_config = apps.get_app_config("vacancies")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="vacancies", codename__in=codenames
    )
    if permissions.count() != len(codenames):
        raise RuntimeError("The vacancy models' permissions could not be created.")
    group, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0003_constraint_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
