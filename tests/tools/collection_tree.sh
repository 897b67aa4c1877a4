# shellcheck shell=bash
# Sourced by sanity.sh and ansible_test_integration.sh: what ansible-test needs before it runs.

# The stand-in for ansible-test's pip bootstrap script, which it would download from a host
# that may be unreachable, under the name ansible-test looks for in $venv's ansible-test.
install_get_pip() {
  local root=$1 venv=$2 pip_version
  pip_version=$("$venv/bin/python" - <<'PY'
import re, ansible_test, os
src = open(os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')).read()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY
)
  mkdir -p "$HOME/.ansible/test/cache"
  cp "$root/tests/tools/get_pip.py" "$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
}

# A real copy of the collection at $tree (ansible-test resolves symlinks), as a git checkout:
# tracked and new files that exist (a tracked file deleted in the work tree is left out).
copy_collection() {
  local root=$1 tree=$2
  rm -rf "$tree"
  mkdir -p "$tree"
  (cd "$root" && git ls-files -co --exclude-standard -z \
    | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
    | xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$tree"
  (cd "$tree" && git init -q && git add -A)
}
