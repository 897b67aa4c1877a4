#!/usr/bin/env bash
# Run ansible-test sanity on a copy of the collection at
# $DEST/ansible_collections/tenantkit/saas (ansible-test resolves symlinks,
# so the tree must be a real copy). Usage: tests/tools/sanity.sh [DEST] [ansible-test args]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$root/build/sanity}
shift || true
venv=${VENV:-$root/.venv}

pip_version=$("$venv/bin/python" - <<'PY'
import re, ansible_test, os
src = open(os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')).read()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY
)
mkdir -p "$HOME/.ansible/test/cache"
cp "$root/tests/tools/get_pip.py" "$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"

tree=$dest/ansible_collections/tenantkit/saas
rm -rf "$tree"
mkdir -p "$tree"
# Tracked and new files that exist (a tracked file deleted in the work tree is left out).
(cd "$root" && git ls-files -co --exclude-standard -z \
  | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
  | xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$tree"
cd "$tree"
git init -q && git add -A
export PATH="$venv/bin:$PATH"
ansible-test sanity --python 3.11 --requirements --color no "$@"
