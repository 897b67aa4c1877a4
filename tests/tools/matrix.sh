#!/usr/bin/env bash
# The version matrix: for each ansible-core version, in its own virtualenv
# tests/output/matrix/venv-<ver> (from requirements-matrix-<ver>.txt, on the Python its
# "# python: X.Y" line names), run
#   sanity   ansible-test sanity --python X.Y on a copy of the tree in build/matrix-<ver>
#   units    pytest tests/unit -n 2
#   targets  pytest tests/integration/test_targets.py (the integration targets against the sandbox,
#            each also run the usual way: the same results) and test_module_in_worker.py
#   tenant   pytest tests/integration/test_tenant_vault.py (a tenant file with inline-vaulted secrets), and the
#            whole-tenant check (the refusals of test_tenant_setup.py; the targets step runs tenant_check's target),
#            and the warnings and leftovers of the tenant report (test_tenant_report_notes.py: warnings change shape in 2.19)
# then print a table version x (sanity, units, targets, tenant) and exit non-zero if any failed.
# Usage: tests/tools/matrix.sh [VERSION ...]   (default: every requirements-matrix-*.txt)
# Each step's output is in tests/output/matrix/<ver>-<step>.log; a failure's last lines are shown.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/tests/output/matrix
cd "$root" || exit 1
mkdir -p "$out"

if [ $# -gt 0 ]; then
  versions=("$@")
else
  versions=()
  for req in requirements-matrix-*.txt; do
    ver=${req#requirements-matrix-}
    versions+=("${ver%.txt}")
  done
fi

steps=(sanity units targets tenant)
declare -A result seconds
start=$SECONDS

# The X.Y of the "# python: X.Y" line of a version's requirements file.
python_version_of() {
  sed -n 's/^# python: \([0-9.]*\)$/\1/p' "$root/requirements-matrix-$1.txt"
}

# An interpreter of Python X.Y: on PATH if it runs (a pyenv shim may not), else pyenv's.
python_of() {
  local candidate
  for candidate in "$(command -v "python$1")" "$(pyenv root 2>/dev/null)"/versions/"$1".*/bin/"python$1"; do
    if [ -x "$candidate" ] && "$candidate" -c '' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no Python $1 here (neither python$1 on PATH nor in pyenv)" >&2
  return 1
}

# Creates (or re-creates when its requirements file changed) the virtualenv of one version.
make_venv() {
  local ver=$1 venv=$out/venv-$1 req=$root/requirements-matrix-$1.txt python
  if [ ! -f "$req" ]; then
    echo "no $req" >&2
    return 1
  fi
  python=$(python_of "$(python_version_of "$ver")") || return 1
  if [ -x "$venv/bin/python" ] && cmp -s "$req" "$venv/.installed"; then
    return 0
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv" &&
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" &&
    cp "$req" "$venv/.installed"
}

run_step() {
  local ver=$1 step=$2 venv=$out/venv-$1 log=$out/$1-$2.log began=$SECONDS
  case $step in
    sanity) VENV=$venv SANITY_PYTHON=$(python_version_of "$ver") bash tests/tools/sanity.sh "$root/build/matrix-$ver" ;;
    units) "$venv/bin/python" -m pytest tests/unit -q -n 2 -p no:cacheprovider ;;
    targets) "$venv/bin/python" -m pytest tests/integration/test_targets.py tests/integration/test_module_in_worker.py \
        -m 'not browser' -q -n 2 -p no:cacheprovider ;;
    tenant) "$venv/bin/python" -m pytest tests/integration/test_tenant_vault.py tests/integration/test_tenant_report_notes.py \
                tests/integration/test_tenant_setup.py \
                -k 'vault or invalid_item or wrong_tenant_variable or a_warning_of or a_group_left' \
                -q -p no:cacheprovider ;;
  esac >"$log" 2>&1
  local rc=$?
  seconds[$ver/$step]=$((SECONDS - began))
  if [ $rc -eq 0 ]; then
    result[$ver/$step]=pass
  else
    result[$ver/$step]=FAIL
    echo "--- ansible-core $ver $step failed (rc=$rc); from ${log#"$root"/}:"
    # ansible-test's ERROR lines, pytest's summary of failures; else the end of the log.
    if grep -qE '^(ERROR|FATAL|FAILED)' "$log"; then
      grep -E '^(ERROR|FATAL|FAILED)' "$log" | head -n 40
    else
      tail -n 40 "$log"
    fi
  fi
}

for ver in "${versions[@]}"; do
  echo "=== ansible-core $ver"
  began=$SECONDS
  if ! make_venv "$ver" >"$out/$ver-venv.log" 2>&1; then
    echo "--- the virtualenv of ansible-core $ver could not be made; last lines of ${out#"$root"/}/$ver-venv.log:"
    tail -n 40 "$out/$ver-venv.log"
    for step in "${steps[@]}"; do result[$ver/$step]=FAIL; seconds[$ver/$step]=0; done
    continue
  fi
  echo "    $("$out/venv-$ver/bin/ansible" --version 2>/dev/null | head -n 1) (virtualenv ready in $((SECONDS - began))s)"
  for step in "${steps[@]}"; do
    run_step "$ver" "$step"
    # pytest's closing line says how many tests ran.
    summary=$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed).* =+$' "$out/$ver-$step.log" | tail -n 1 |
      sed -E 's/^=+ //; s/ =+$//')
    echo "    $step: ${result[$ver/$step]} (${seconds[$ver/$step]}s)${summary:+: $summary}"
  done
done

passed=0
failed=0
{
  printf '\n| ansible-core | Python |'
  for step in "${steps[@]}"; do printf ' %s |' "$step"; done
  printf '\n|---|---|'
  for step in "${steps[@]}"; do printf -- '---|'; done
  printf '\n'
  for ver in "${versions[@]}"; do
    printf '| %s | %s |' "$ver" "$(python_version_of "$ver")"
    for step in "${steps[@]}"; do
      printf ' %s (%ss) |' "${result[$ver/$step]}" "${seconds[$ver/$step]}"
    done
    printf '\n'
  done
} | tee "$out/matrix.md"
for key in "${!result[@]}"; do
  if [ "${result[$key]}" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
total=$((SECONDS - start))
echo
echo "matrix took $((total / 60))m$((total % 60))s; logs in ${out#"$root"/}/"
echo "matrix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
