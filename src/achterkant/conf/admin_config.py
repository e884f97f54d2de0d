from django.contrib.admin.apps import AdminConfig


class AchterkantAdminConfig(AdminConfig):
    default_site = "achterkant.conf.admin_site.AchterkantAdminSite"
