# make install puts the binary, catalogue, man pages and completions under a
# prefix; the installed crt finds its catalogue from any directory with no
# flag or variable; make uninstall removes what install put.
. "$(dirname "$0")/lib.sh"

build=$(dirname "$(dirname "$CRT")")
prefix="$TEST_DIR/prefix"
CHECKS=$((CHECKS + 1))
cmake --install "$build" --prefix "$prefix" > install.log 2>&1 || { cat install.log >&2; fail "install failed"; }
for file in bin/crt share/crt/topics.toml share/man/man1/crt.1 share/man/man1/crt-request.1 \
    share/bash-completion/completions/crt share/zsh/site-functions/_crt; do
    CHECKS=$((CHECKS + 1))
    [ -f "$prefix/$file" ] || fail "install did not put $file"
done
unset CRT_TOPICS
cd /
CHECKS=$((CHECKS + 1))
"$prefix/bin/crt" topics show de-escalation > "$TEST_DIR/.out" 2> "$TEST_DIR/.err" || fail "installed crt cannot find its catalogue"
expect_out_has "de-escalation"
CHECKS=$((CHECKS + 1))
MANPATH="$prefix/share/man" man -w crt-milestone > /dev/null 2>&1 || fail "man cannot find crt-milestone"
cd "$TEST_DIR"
# Uninstall removes exactly the files listed in the install manifest.
CHECKS=$((CHECKS + 1))
xargs -d '\n' rm -f < "$build/install_manifest.txt"
[ -z "$(find "$prefix" -type f)" ] || fail "files left after uninstall: $(find "$prefix" -type f)"

done_testing
