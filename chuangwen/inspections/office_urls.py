"""Pages of the office: plan, sample, teams, progress, results, publication."""

urlpatterns: list = []
