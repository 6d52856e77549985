# The inspected city (sites in districts A and B, a road type with three checklist items) and the
# scored rounds of the assessment page tests, shared with the overview's tests.
from chuangwen.assessment.tests.pages_fixtures import scored_fixture, secret_fixture  # noqa: F401 - fixtures
from chuangwen.inspections.tests.conftest import place, planned  # noqa: F401 - fixtures
