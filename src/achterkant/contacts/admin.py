from django.contrib import admin

from achterkant.catalog.models import Product
from achterkant.contacts.models import KnowledgeArticle
from achterkant.routing.models import Team
from achterkant.tenancy.admin import TenantAdmin


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(TenantAdmin):
    """Knowledge editors write the answers agents give, on every channel."""

    list_display = ["question", "audience", "valid_from", "valid_until", "owner_team"]
    list_filter = ["audience", "owner_team"]
    search_fields = ["question", "keywords"]
    filter_horizontal = ["products"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "products":
            kwargs["queryset"] = Product.objects.all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner_team":
            kwargs["queryset"] = Team.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
