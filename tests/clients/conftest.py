from tests.api.conftest import api_as  # noqa: F401  (API callers for the facts API)
