"""Pages and JSON endpoints of the inspector on a phone."""

urlpatterns: list = []
