# Sourced by bench/run.sh and bench/run_pg.sh: the timing both share. Each
# expects $measure (crt-bench-measure) and appends to crt.times, crt.rss and
# base.times in the current directory.
# shellcheck disable=SC2154 # measure is set by the script that sources this

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# time_crt [measure options] -- CMD...: appends crt's time and RSS.
time_crt() {
    local out
    out=$("$measure" "$@") || { echo "bench: command failed: $*" >&2; exit 1; }
    echo "${out% *}" >> crt.times
    echo "${out#* }" >> crt.rss
}

# time_base [measure options] -- CMD...: appends the baseline's time.
time_base() {
    local out
    out=$("$measure" "$@") || { echo "bench: baseline failed: $*" >&2; exit 1; }
    echo "${out% *}" >> base.times
}
