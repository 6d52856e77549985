from chuangwen.inspections.tests.conftest import place, planned  # noqa: F401 - fixtures shared with inspections
