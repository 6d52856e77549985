import pytest

from chuangwen.circulars.tests.support import scored_round


@pytest.fixture
def scored(world):
    return scored_round(world)
