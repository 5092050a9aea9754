# The bash completion crt generates is shellchecked like every script in the
# tree (tests/lint.sh), with zero findings; so is the one the build installs.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

build=$(dirname "$(dirname "$CRT")")
run 0 completion bash
cp "$TEST_DIR/.out" crt.bash
CHECKS=$((CHECKS + 1))
bash "$CRT_SOURCE_DIR/tests/lint.sh" --completion crt.bash >lint.log 2>&1 || { cat lint.log >&2; fail "shellcheck found problems in the generated completion"; }
CHECKS=$((CHECKS + 1))
cmp -s crt.bash "$build/completions/crt" || fail "the built completion differs from 'crt completion bash'"

done_testing
