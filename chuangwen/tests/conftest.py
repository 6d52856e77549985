"""The served site of the failure tests (chuangwen/tests/served.py), migrated once per session."""

from chuangwen.tests.served import migrated_database  # noqa: F401 - a fixture
