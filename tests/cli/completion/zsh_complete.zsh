# Drives a real interactive zsh through a pseudo-terminal (zsh/zpty): types a
# command line, presses TAB and reports what zsh's completion system did.
# Usage: zsh -f zsh_complete.zsh fpath|source SCRIPT LINE
#   fpath   SCRIPT is installed as _crt in a directory of $fpath before
#           compinit runs (how make install sets it up)
#   source  SCRIPT is sourced after compinit (source <(crt completion zsh))
# Writes, in the current directory:
#   zsh.candidates  every word the completion offered, sorted, one a line
#   zsh.buffer      the command line after TAB (what zsh inserted)
#   zsh.transcript  everything the terminal showed (errors land here)
# compadd is wrapped so each word the completion function offers is recorded,
# then really offered: the capture sees what a user's TAB would produce.
emulate -L zsh
zmodload zsh/zpty || { print -u2 "zsh_complete: no zsh/zpty module"; exit 2; }
(( $# == 3 )) || { print -u2 "usage: zsh_complete.zsh fpath|source SCRIPT LINE"; exit 2; }
mode=$1 script=${2:A} line=$3
here=$PWD
home=$here/zsh.home
rm -rf $home
mkdir -p $home/functions
: >| $here/zsh.candidates
: >| $here/zsh.buffer

{
    print -r -- "PS1='%% '"
    print -r -- "HISTFILE=/dev/null"
    # No listing: an ambiguous TAB must not stop to ask before listing.
    print -r -- "unsetopt autolist listambiguous beep"
    if [[ $mode == fpath ]]; then
        cp $script $home/functions/_crt
        print -r -- "fpath=(${(q)home}/functions \$fpath)"
    fi
    print -r -- "autoload -U compinit"
    print -r -- "compinit -u -d ${(q)home}/zcompdump"
    if [[ $mode == source ]]; then
        print -r -- "source ${(q)script}"
    fi
    print -r -- "_crt_test_capture=${(q)here}/zsh.candidates"
    print -r -- "_crt_test_buffer=${(q)here}/zsh.buffer"
    cat <<'EOF'
compadd() {
    # Calls that only ask for matches (-O, -A, -D) add nothing: pass them on.
    if (( ${@[(I)-[OAD]]} )); then
        builtin compadd "$@"
        return
    fi
    local -a _crt_test_hits
    builtin compadd -O _crt_test_hits "$@"
    (( $#_crt_test_hits )) && print -rl -- $_crt_test_hits >>$_crt_test_capture
    builtin compadd "$@"
}
_crt_test_complete() {
    zle complete-word
    print -r -- "$BUFFER" >|$_crt_test_buffer
    zle -M '<<done>>'
}
zle -N _crt_test_complete
bindkey '^I' _crt_test_complete
print -r -- '<<ready>>'
EOF
} >| $home/.zshrc

transcript=""
zpty crt env ZDOTDIR=$home HOME=$home TERM=vt100 zsh -d -i
zpty -r crt got '*<<ready>>*' || { print -u2 "zsh_complete: zsh did not start"; exit 2; }
transcript+=$got
zpty -w -n crt "$line"$'\t'
zpty -r crt got '*<<done>>*' || { print -u2 "zsh_complete: no answer to TAB"; exit 2; }
transcript+=$got
zpty -d crt
print -r -- $transcript >| $here/zsh.transcript
sort -u -o $here/zsh.candidates $here/zsh.candidates
rm -rf $home
