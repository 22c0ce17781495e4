from tests.api.conftest import api_as  # noqa: F401  (API callers for the facts API)
from tests.trust.conftest import login  # noqa: F401  (a logged-in user of the small data)
