from chuangwen.inspections.tests.conftest import place  # noqa: F401 - the small inspected city, for scored rounds
