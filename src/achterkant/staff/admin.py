from achterkant.staff.sso.admin import OidcConfigurationAdmin

__all__ = ["OidcConfigurationAdmin"]
