"""WSGI entry point for production servers (production settings unless ``LOTSE_ENV`` says otherwise)."""

import os

from django.core.wsgi import get_wsgi_application

from lotse.conf.settings import module_for

os.environ.setdefault("DJANGO_SETTINGS_MODULE", module_for(None, os.environ.get("LOTSE_ENV")))
application = get_wsgi_application()
