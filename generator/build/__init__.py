"""The build as stages (`SiteBuild`), independent of the site engine that runs them."""

from .pipeline import ContentErrors, SiteBuild

__all__ = ["ContentErrors", "SiteBuild"]
