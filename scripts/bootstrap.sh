# Sourced by the README's commands and CI: make uv available and sync the locked env.
# Python 3.12 comes from pyenv on these machines; uv never downloads an interpreter.
export UV_PYTHON_DOWNLOADS=never
if [ -z "${UV_PYTHON:-}" ] && command -v pyenv >/dev/null; then
  candidate=$(ls -d "$(pyenv root)"/versions/3.12.*/bin/python3.12 2>/dev/null | sort -V | tail -1)
  [ -n "$candidate" ] && export UV_PYTHON="$candidate"
fi
if ! command -v uv >/dev/null; then
  UV_VENV="${UV_VENV:-$HOME/.cache/lotse-uv}"
  if [ ! -x "$UV_VENV/bin/uv" ]; then
    python3 -m venv "$UV_VENV"
    "$UV_VENV/bin/pip" install -q uv
  fi
  export PATH="$UV_VENV/bin:$PATH"
fi
# python-ldap (directory log-in, django-auth-ldap) compiles against OpenLDAP's headers.
if [ ! -f /usr/include/lber.h ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing libldap2-dev libsasl2-dev (Debian packages) for python-ldap"
    apt-get update -qq && apt-get install -y -qq libldap2-dev libsasl2-dev >/dev/null
  else
    echo "python-ldap needs OpenLDAP's headers: apt-get install libldap2-dev libsasl2-dev" >&2
  fi
fi
uv sync --frozen -q
