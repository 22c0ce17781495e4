"""German for strings Django 6.1 added that its own German catalogue does not have yet.

Django's admin shows "Run" on the action button and "- Select an option -" in empty choice
fields; our catalogue (``LOCALE_PATHS``, looked up before Django's) translates them. Listed
here so that ``makemessages`` keeps them. Remove an entry once Django ships its translation.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("Run"),
    gettext_noop("- Select an option -"),
)
