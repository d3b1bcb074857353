"""URLs of the core app."""

urlpatterns: list = []
