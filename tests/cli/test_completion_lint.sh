# The bash completion crt generates is shellchecked like every script in the
# tree (tests/lint.sh), with zero findings; the zsh one parses with zsh -n
# (the linter reads no zsh). The build installs exactly what the binary prints.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

build=$(dirname "$(dirname "$CRT")")
run 0 completion bash
cp "$TEST_DIR/.out" crt.bash
CHECKS=$((CHECKS + 1))
bash "$CRT_SOURCE_DIR/tests/lint.sh" --completion crt.bash >lint.log 2>&1 || { cat lint.log >&2; fail "shellcheck found problems in the generated completion"; }
CHECKS=$((CHECKS + 1))
cmp -s crt.bash "$build/completions/crt" || fail "the built completion differs from 'crt completion bash'"

run 0 completion zsh
cp "$TEST_DIR/.out" crt.zsh
CHECKS=$((CHECKS + 1))
command -v zsh >/dev/null 2>&1 || fail "zsh is not installed (apt-get install zsh)"
zsh -n crt.zsh 2>zsh.log || { cat zsh.log >&2; fail "the zsh completion does not parse"; }
CHECKS=$((CHECKS + 1))
head -1 crt.zsh | grep -qx '#compdef crt' || fail "the zsh completion does not start with #compdef crt"
CHECKS=$((CHECKS + 1))
cmp -s crt.zsh "$build/completions/_crt" || fail "the built zsh completion differs from 'crt completion zsh'"

run 2 completion fish
expect_err_has "fish"

done_testing
