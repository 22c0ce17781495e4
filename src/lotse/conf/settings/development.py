"""A developer's machine and the demo Jobcenter (``lotse demo``, ``lotse runserver``).

DEBUG is on and a fixed, obviously non-secret key is used when ``LOTSE_SECRET_KEY``
is not set; runserver serves the static files from the source folders.
"""

from lotse.conf.settings.base import *  # noqa: F403
from lotse.conf.settings.base import SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "insecure-development-key-do-not-use-in-production"
