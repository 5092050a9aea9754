#!/usr/bin/env bash
# `make demo`: crt's main job on a small synthetic sample, in a temporary
# directory that is removed afterwards. The agencies and experts are fictional.
set -euo pipefail

CRT=${CRT:-crt}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/crt-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
export CRT_DB="$work/demo.db" CRT_TOPICS="$here/topics.toml" CRT_ACTOR=demo

step() { printf '\n$ crt %s\n' "$*"; "$CRT" "$@"; }

step init
step agency add CA0194200 --name "Riverton Police Department" --type municipal --state CA \
    --sworn 212 --contact-name "Ana Diaz" --contact-email adiaz@riverton.example --date 2025-01-06
step agency add TX2270100 --name "Mesa Verde County Sheriff's Office" --type sheriff --state TX \
    --sworn 48 --date 2025-01-06
step agency add AZ0070300 --name "Red Canyon Tribal Police Department" --type tribal --state AZ \
    --sworn 19 --date 2025-02-03
step agency add OH0480600 --name "Lakeshore State University Police" --type campus --state OH \
    --sworn 31 --date 2025-02-10
step expert add mreyes --name "Maria Reyes" --org IACP --expertise de-escalation,use-of-force,crisis-intervention
step expert add jkim --name "Jae Kim" --org NOBLE --expertise community-engagement,procedural-justice --capacity 2
step expert add twhitehorse --name "Tom Whitehorse" --org NTOA --expertise tribal-policing,tribal-jurisdiction,cross-deputization
step expert add lgrant --name "Lena Grant" --org NSA --expertise jail-operations,court-security,rural-policing
step agency update TX2270100 --contact-name "Dana Ortiz" --contact-email dortiz@mvcso.example
tac=$("$CRT" request new --agency CA0194200 --level tac --title "De-escalation and crisis intervention training" \
    --topic de-escalation,crisis-intervention --form training --delivery onsite --received 2025-03-03)
critical=$("$CRT" request new --agency TX2270100 --level critical --title "After-action review of the courthouse protest" \
    --topic protest-mass-demonstration --event-date 2025-04-19 --received 2025-04-22 --priority urgent \
    --external-id CR-2025-004)
assessment=$("$CRT" request new --agency AZ0070300 --level assessment --title "Organizational assessment of use of force" \
    --topic use-of-force,tribal-policing --received 2025-05-12)
campus=$("$CRT" request new --agency OH0480600 --level tac --title "Threat assessment team set-up" \
    --topic threat-assessment --form coaching --delivery virtual --received 2025-06-02)
step request status "$tac" "$critical" "$assessment" --to accepted --date 2025-06-09
step request status "$campus" --to withdrawn --note "New chief postponed the request" --date 2025-06-20
step request list
step request log "$critical"
step topics levels
step topics list --category tribal
step agency list
step expert list
