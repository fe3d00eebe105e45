from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, with ``jpoboard.admin_site.AdminSite`` as ``admin.site``.

    Django's documented way to replace the default site: every ``admin.site.register`` and
    ``@admin.register`` (``vacancies/admin.py``, django-otp's device admins) lands on the site
    that asks for the second factor, and no module has to be changed or patched at startup.
    """

    default_site = "jpoboard.admin_site.AdminSite"
