# The real `make install` and `make uninstall`, into a temporary prefix and
# into a DESTDIR: the installed crt runs from another directory, finds its
# catalogue beside itself (no flag, no variable, no source tree), carries no
# path of the source tree, and uninstall leaves no file behind.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

build=$(cd "$(dirname "$(dirname "$CRT")")" && pwd)
# This runs under make test: the outer make's flags are not for this one.
unset MAKEFLAGS MFLAGS MAKELEVEL
unset CRT_TOPICS

# installed_ok ROOT: the files are there and the binary works from /.
installed_ok() {
    local root=$1 file
    for file in bin/crt share/crt/topics.toml share/man/man1/crt.1 share/man/man1/crt-request.1 \
        share/bash-completion/completions/crt share/zsh/site-functions/_crt; do
        CHECKS=$((CHECKS + 1))
        [ -f "$root/$file" ] || fail "install did not put $file under $root"
    done
    CHECKS=$((CHECKS + 1))
    (cd / && "$root/bin/crt" topics show de-escalation) >"$TEST_DIR/.out" 2>"$TEST_DIR/.err" ||
        fail "installed crt cannot find its catalogue"
    expect_out_has "de-escalation"
    CHECKS=$((CHECKS + 1))
    (cd / && "$root/bin/crt" --db "$TEST_DIR/installed.db" init -q) 2>"$TEST_DIR/.err" ||
        fail "installed crt cannot init"
    rm -f "$TEST_DIR/installed.db"
    # No path of the source tree: -ffile-prefix-map covers __FILE__ and debug
    # information, but AddressSanitizer's metadata keeps each instrumented
    # file's name, so a sanitizer build is held only to not naming the
    # tree's catalogue (make asan builds are never installed for use).
    CHECKS=$((CHECKS + 1))
    if grep -qF __asan_init "$root/bin/crt"; then
        echo "sanitizer build: checking only that the tree's catalogue path is absent"
        ! grep -qF "$CRT_SOURCE_DIR/data" "$root/bin/crt" || fail "the installed binary names $CRT_SOURCE_DIR/data"
    else
        ! grep -qF "$CRT_SOURCE_DIR" "$root/bin/crt" || fail "the installed binary names the source tree $CRT_SOURCE_DIR"
    fi
    CHECKS=$((CHECKS + 1))
    MANPATH="$root/share/man" man -w crt-milestone >/dev/null 2>&1 || fail "man cannot find crt-milestone"
}

# uninstalled_ok ROOT: nothing of crt is left.
uninstalled_ok() {
    CHECKS=$((CHECKS + 1))
    [ -z "$(find "$1" -type f)" ] || fail "files left after uninstall: $(find "$1" -type f)"
    expect_no_file "$1/share/crt"
}

prefix="$TEST_DIR/prefix"
CHECKS=$((CHECKS + 1))
make -C "$CRT_SOURCE_DIR" install BUILD="$build" PREFIX="$prefix" >install.log 2>&1 ||
    { cat install.log >&2; fail "make install failed"; }
installed_ok "$prefix"
CHECKS=$((CHECKS + 1))
make -C "$CRT_SOURCE_DIR" uninstall BUILD="$build" PREFIX="$prefix" >uninstall.log 2>&1 ||
    { cat uninstall.log >&2; fail "make uninstall failed"; }
uninstalled_ok "$prefix"
# A second uninstall has nothing to remove and says so.
CHECKS=$((CHECKS + 1))
! make -C "$CRT_SOURCE_DIR" uninstall BUILD="$build" PREFIX="$prefix" >uninstall.log 2>&1 ||
    fail "a second uninstall succeeded"
CHECKS=$((CHECKS + 1))
grep -q "no crt installed" uninstall.log || fail "a second uninstall did not say why it failed"

# Staged for a package: everything lands under DESTDIR, and the staged
# binary works where it stands.
destdir="$TEST_DIR/stage"
CHECKS=$((CHECKS + 1))
make -C "$CRT_SOURCE_DIR" install BUILD="$build" PREFIX=/opt/crt DESTDIR="$destdir" >install.log 2>&1 ||
    { cat install.log >&2; fail "make install DESTDIR= failed"; }
expect_no_file /opt/crt/bin/crt
installed_ok "$destdir/opt/crt"
CHECKS=$((CHECKS + 1))
grep -qF "$destdir" "$destdir/opt/crt/share/crt/install_manifest.txt" &&
    fail "the manifest names the staging directory"
CHECKS=$((CHECKS + 1))
make -C "$CRT_SOURCE_DIR" uninstall BUILD="$build" PREFIX=/opt/crt DESTDIR="$destdir" >uninstall.log 2>&1 ||
    { cat uninstall.log >&2; fail "make uninstall DESTDIR= failed"; }
uninstalled_ok "$destdir"

done_testing
