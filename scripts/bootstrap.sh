# Sourced by ./teilhabe and ./run-tests: find Python >= 3.12 and keep .venv in step with
# pyproject.toml. EXTRAS (comma-separated, e.g. EXTRAS=test,ldap) adds optional dependencies;
# TEILHABE_LDAP_URI set adds the `ldap` extra. Extras once installed stay installed.
set -euo pipefail
# Python keeps what it compiled (__pycache__) unless PYTHONDONTWRITEBYTECODE says not to, as
# some machines' environments do. Then every process (each test worker, server, task worker
# and command the tests start) compiles every module of Teilhabe and every test module again:
# about 9 s for each test run's collection and 1 s for each command.
unset PYTHONDONTWRITEBYTECODE
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TEILHABE_VENV:-$ROOT/.venv}"

find_python() {
  local root py
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for py in python3.13 python3.12 python3 "$root"/versions/3.13*/bin/python "$root"/versions/3.12*/bin/python; do
    if "$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "Python >= 3.12 is required (Django 6.1). Found none on PATH or under pyenv." >&2
  return 1
}

# Install Debian packages as root, without questions. Installing must not start the system's
# own services (slapd, PostgreSQL): where the machine has no policy-rc.d that forbids it, one
# is put in place for the install (and removed after), so a service that cannot start here
# cannot fail the install either. The tests start throw-away servers of their own.
apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "Please run as root or install the Debian packages: $*" >&2; return 1; fi
  echo "Installing Debian packages: $* …" >&2
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && own_policy=1
  fi
  # slapd: no configuration or database of its own; the tests give it theirs.
  ! command -v debconf-set-selections >/dev/null ||
    echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  local status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } || status=$?
  [ -z "$own_policy" ] || rm -f "$policy"
  return $status
}

# python-ldap is compiled on install: it needs a C compiler and the OpenLDAP and SASL headers.
ensure_ldap_build_packages() {
  local missing=()
  command -v gcc >/dev/null || missing+=(gcc)
  [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
  [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
  if ! "$VENV/bin/python" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
    missing+=(python3-dev)
  fi
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# "a,,c,a" -> "a,c": extras as a sorted set, so any order or combination gives one stamp.
normalize_extras() { tr ', ' '\n\n' <<<"$1" | sed '/^$/d' | sort -u | paste -sd, - | tr -d '\n'; }

ensure_venv() {
  local wanted="${EXTRAS:-}" stamp hash installed have need
  [ -z "${TEILHABE_LDAP_URI:-}" ] || wanted="$wanted,ldap"
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    local py; py=$(find_python)
    echo "Creating $VENV with $("$py" --version) …" >&2
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
    # uv installs the same pinned packages as pip, but downloads them in parallel (pip fetches
    # every wheel again here: its HTTP cache stays empty). pip stays the fallback.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==0.13.9" ||
      "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  # The stamp says "<hash of pyproject.toml>:<extras>". Reinstall only when pyproject.toml
  # changed or a wanted extra is missing; after a change, only the extras wanted now count.
  hash="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  stamp="$VENV/.teilhabe-installed"
  installed="$(cat "$stamp" 2>/dev/null || true)"
  have=""
  [ "${installed%%:*}" != "$hash" ] || have="${installed#*:}"
  need="$(normalize_extras "$have,$wanted")"
  if [ "$installed" = "$hash:$need" ]; then
    return 0
  fi
  case ",$need," in *,ldap,*) ensure_ldap_build_packages ;; esac
  echo "Installing Python packages into $VENV${need:+ (extras: $need)} …" >&2
  if ! { [ -x "$VENV/bin/uv" ] &&
    "$VENV/bin/uv" pip install --quiet --native-tls --python "$VENV/bin/python" -e "$ROOT${need:+[$need]}"; }; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${need:+[$need]}"
  fi
  echo "$hash:$need" > "$stamp"
}
