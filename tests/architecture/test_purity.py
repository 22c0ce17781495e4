"""The domain package stays pure: importing it loads no Django (ARCHITECTURE rule 1)."""

import subprocess
import sys


def test_domain_imports_no_django():
    code = (
        "import pkgutil, importlib, sys, lotse.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('lotse.domain.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
