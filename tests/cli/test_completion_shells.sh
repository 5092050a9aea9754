# The completion scripts, run by the real shells: bash with the bash-completion
# package loaded, and an interactive zsh driven through a pseudo-terminal
# (tests/cli/completion/zsh_complete.zsh). Each case types a command line and
# checks the words offered. A missing shell fails the test: completion that is
# never run is not tested.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

bash_completion=/usr/share/bash-completion/bash_completion
command -v zsh >/dev/null 2>&1 || fail "zsh is not installed (apt-get install zsh)"
[ -r "$bash_completion" ] || fail "bash-completion is not installed (apt-get install bash-completion)"
zsh_driver="$CRT_SOURCE_DIR/tests/cli/completion/zsh_complete.zsh"

# The scripts run `crt` by name (topic ids), as they would for a user.
mkdir bin
ln -s "$CRT" bin/crt
export PATH="$TEST_DIR/bin:$PATH"

run 0 completion bash
cp "$TEST_DIR/.out" crt.bash
run 0 completion zsh
cp "$TEST_DIR/.out" crt.zsh

# Names with spaces, for file completion.
mkdir work "work/sub dir"
: >"work/my file.csv"
: >"work/sub dir/inner.db"

# complete_bash WORD...: completes the command line `crt WORD...` (the last
# word is the one under the cursor, as bash splits it) by calling the
# function `complete -p crt` names, as bash does on TAB. Prints the
# candidates one a line, sorted, into bash.out; the options the function
# set with compopt go to bash.compopt.
complete_bash() {
    (
        cd work || exit 1
        bash --norc --noprofile -s -- "$@" >../bash.out 2>../bash.err <<'EOF'
. /usr/share/bash-completion/bash_completion
. ../crt.bash
function=$(complete -p crt) || exit 1
function=${function#*-F }
function=${function%% *}
compopt() { printf '%s\n' "$*" >>../bash.compopt; builtin compopt "$@" 2>/dev/null; }
: >../bash.compopt
COMP_WORDS=(crt "$@")
COMP_CWORD=$#
COMP_LINE="crt $*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
"$function" crt "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort -u | sed '/^$/d'
EOF
    ) || fail "bash could not complete 'crt $*': $(cat bash.err)"
    CHECKS=$((CHECKS + 1))
    [ ! -s bash.err ] || fail "bash wrote errors completing 'crt $*': $(cat bash.err)"
}

# complete_zsh MODE LINE: types LINE and TAB into an interactive zsh whose
# completion comes from crt.zsh (MODE fpath: installed in $fpath; source:
# sourced after compinit). Leaves zsh.candidates, zsh.buffer, zsh.transcript.
complete_zsh() {
    (cd work && zsh -f "$zsh_driver" "$1" ../crt.zsh "$2") >zsh.err 2>&1 ||
        fail "zsh could not complete '$2': $(cat zsh.err)"
    mv work/zsh.candidates work/zsh.buffer work/zsh.transcript .
    CHECKS=$((CHECKS + 1))
    ! grep -aq 'command not found' zsh.transcript ||
        fail "zsh printed 'command not found' completing '$2' (PATH clobbered?)"
}

# offers FILE SHELL LINE WORD...: FILE's candidates include every WORD.
offers() {
    local file=$1 shell=$2 line=$3 word
    shift 3
    for word in "$@"; do
        CHECKS=$((CHECKS + 1))
        grep -qxF -- "$word" "$file" ||
            fail "$shell: '$line' does not offer '$word'; it offers: $(tr '\n' ' ' <"$file")"
    done
}

# offers_exactly FILE SHELL LINE WORDS: FILE's candidates are WORDS (sorted, spaced).
offers_exactly() {
    CHECKS=$((CHECKS + 1))
    [ "$(tr '\n' ' ' <"$1" | sed 's/ $//')" == "$4" ] ||
        fail "$2: '$3' offers '$(tr '\n' ' ' <"$1")', expected '$4'"
}

formats="csv json md ndjson table tsv"
kinds="agencies assignments experts milestones requests"

# --- bash ---------------------------------------------------------------
complete_bash ""
offers bash.out bash "crt " request import export completion agency milestone
complete_bash request ""
offers bash.out bash "crt request " new list status show
CHECKS=$((CHECKS + 1))
! grep -qx agency bash.out || fail "bash: 'crt request ' offers top-level commands"
complete_bash --format ""
offers_exactly bash.out bash "crt --format " "$formats"
# Global options work after the subcommand too, and so does their completion.
complete_bash request list --format ""
offers_exactly bash.out bash "crt request list --format " "$formats"
complete_bash request list --format = ""
offers_exactly bash.out bash "crt request list --format=" "$formats"
complete_bash request list --format j
offers_exactly bash.out bash "crt request list --format j" "json"
complete_bash request list --fo
offers_exactly bash.out bash "crt request list --fo" "--format"
complete_bash check --format ""
offers bash.out bash "crt check --format " junit table
complete_bash request list --status ""
offers_exactly bash.out bash "crt request list --status " \
    "accepted active completed declined received withdrawn"
complete_bash request status 7 --to ""
offers_exactly bash.out bash "crt request status 7 --to " \
    "accepted active completed declined received withdrawn"
complete_bash report summary --level ""
offers_exactly bash.out bash "crt report summary --level " "assessment critical tac"
complete_bash milestone list --status ""
offers bash.out bash "crt milestone list --status " in-progress not-assessable
complete_bash request new --title ""
offers_exactly bash.out bash "crt request new --title " ""
complete_bash import ""
offers_exactly bash.out bash "crt import " "$kinds"
complete_bash export ""
offers_exactly bash.out bash "crt export " "agencies assignments experts history milestones requests"
complete_bash completion ""
offers_exactly bash.out bash "crt completion " "bash zsh"
# Topic ids come from running crt itself, found on PATH.
complete_bash request new --topic ""
offers bash.out bash "crt request new --topic " use-of-force de-escalation
# File names with spaces stay one word, and bash is told they are file
# names (so readline quotes the space when it inserts them).
complete_bash import agencies my
offers_exactly bash.out bash "crt import agencies my" "my file.csv"
CHECKS=$((CHECKS + 1))
grep -q -- '-o filenames' bash.compopt || fail "bash: file names are not completed as file names"
complete_bash import agencies 'my\ f'
offers_exactly bash.out bash "crt import agencies my\\ f" "my file.csv"
complete_bash --db 'sub\ d'
offers_exactly bash.out bash "crt --db sub\\ d" "sub dir"
complete_bash request list --db 'sub\ dir/'
offers_exactly bash.out bash "crt request list --db sub\\ dir/" "sub dir/inner.db"
complete_bash backup 'sub\ dir/i'
offers_exactly bash.out bash "crt backup sub\\ dir/i" "sub dir/inner.db"
# A directory option offers directories only.
complete_bash publish --out ""
offers_exactly bash.out bash "crt publish --out " "sub dir"

# --- zsh ----------------------------------------------------------------
for mode in fpath source; do
    complete_zsh "$mode" "crt "
    offers zsh.candidates "zsh ($mode)" "crt " request import export completion agency
done
complete_zsh fpath "crt request "
offers zsh.candidates zsh "crt request " new list status show
CHECKS=$((CHECKS + 1))
! grep -qx agency zsh.candidates || fail "zsh: 'crt request ' offers top-level commands"
complete_zsh fpath "crt request list --format "
offers_exactly zsh.candidates zsh "crt request list --format " "$formats"
complete_zsh source "crt --format "
offers_exactly zsh.candidates zsh "crt --format " "$formats"
complete_zsh fpath "crt request list --format=j"
CHECKS=$((CHECKS + 1))
[ "$(cat zsh.buffer)" == "crt request list --format=json " ] ||
    fail "zsh: 'crt request list --format=j' became '$(cat zsh.buffer)'"
complete_zsh fpath "crt request status 7 --to "
offers_exactly zsh.candidates zsh "crt request status 7 --to " \
    "accepted active completed declined received withdrawn"
complete_zsh fpath "crt import "
offers_exactly zsh.candidates zsh "crt import " "$kinds"
complete_zsh fpath "crt export "
offers_exactly zsh.candidates zsh "crt export " "agencies assignments experts history milestones requests"
complete_zsh fpath "crt completion "
offers_exactly zsh.candidates zsh "crt completion " "bash zsh"
for mode in fpath source; do
    complete_zsh "$mode" "crt request new --topic "
    offers zsh.candidates "zsh ($mode)" "crt request new --topic " use-of-force de-escalation
done
complete_zsh fpath "crt import agencies my"
# _files hands zsh the name already quoted for the command line.
offers zsh.candidates zsh "crt import agencies my" 'my\ file.csv'
CHECKS=$((CHECKS + 1))
[ "$(cat zsh.buffer)" == 'crt import agencies my\ file.csv ' ] ||
    fail "zsh: 'crt import agencies my' became '$(cat zsh.buffer)'"
complete_zsh fpath 'crt request list --db sub\ d'
CHECKS=$((CHECKS + 1))
[ "$(cat zsh.buffer)" == 'crt request list --db sub\ dir/' ] ||
    fail "zsh: 'crt request list --db sub\\ d' became '$(cat zsh.buffer)'"
complete_zsh fpath 'crt publish --out s'
CHECKS=$((CHECKS + 1))
[ "$(cat zsh.buffer)" == 'crt publish --out sub\ dir/' ] ||
    fail "zsh: 'crt publish --out s' became '$(cat zsh.buffer)'"

done_testing
