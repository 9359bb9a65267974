# Sourced by ./teilhabe and ./run-tests: find Python >= 3.12 and keep .venv in step with
# pyproject.toml. Set EXTRAS=test to install the test dependencies too.
set -euo pipefail
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

ensure_venv() {
  local extras="${EXTRAS:-}" stamp
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    local py; py=$(find_python)
    echo "Creating $VENV with $("$py" --version) …" >&2
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  # Reinstall only when pyproject.toml changed, or when test extras are wanted but missing.
  local hash installed
  hash="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  stamp="$VENV/.teilhabe-installed"
  installed="$(cat "$stamp" 2>/dev/null || true)"
  if [ "$installed" = "$hash-test" ] || { [ "$installed" = "$hash-base" ] && [ -z "$extras" ]; }; then
    return 0
  fi
  echo "Installing Python packages into $VENV …" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${extras:+[$extras]}"
  echo "$hash-${extras:-base}" > "$stamp"
}
