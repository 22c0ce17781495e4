import pytest

from tests.conftest import add_generalist


@pytest.fixture
def generalist(small_data):
    return add_generalist()
