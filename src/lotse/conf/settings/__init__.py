"""Settings per environment: ``base`` holds what every environment shares;
``development`` (the demo and ``runserver``), ``test`` (pytest) and ``production``
(``lotse serve``, WSGI, every other ``lotse`` command) each start from it.

``lotse`` chooses the module from ``LOTSE_ENV`` (``development``, ``production``,
``test``); without it, ``lotse demo`` and ``lotse runserver`` use ``development`` and
everything else ``production``, so DEBUG is never on by accident
(docs/adr/0002-layers-and-refusals.md, "Settings").
"""

ENVIRONMENTS = ("development", "production", "test")
DEVELOPMENT_COMMANDS = ("demo", "runserver")


def module_for(command: str | None, environment: str | None) -> str:
    """The settings module for a ``lotse`` command: ``LOTSE_ENV`` if set, else by command."""
    if environment:
        if environment not in ENVIRONMENTS:
            raise SystemExit(f"LOTSE_ENV must be one of {', '.join(ENVIRONMENTS)}, not '{environment}'")
        return f"lotse.conf.settings.{environment}"
    chosen = "development" if command in DEVELOPMENT_COMMANDS else "production"
    return f"lotse.conf.settings.{chosen}"
