# crt expert: registry with catalogue-checked expertise.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$CRT" init -q

run 0 expert add mreyes --name "Maria Reyes" --org IACP --email mreyes@partner.example \
    --expertise de-escalation,use-of-force --expertise crisis-intervention
run 0 expert add jkim --name "Jae Kim" --org NOBLE --capacity 1 --date 2026-01-05
run 0 expert show mreyes --format json
expect_out_has '"expertise": "crisis-intervention,de-escalation,use-of-force"'
expect_out_has '"capacity": 3'
expect_out_has '"active": true'
run 0 expert list --format csv
expect_out 'handle,name,org,email,expertise,capacity,active
jkim,Jae Kim,NOBLE,,,1,true
mreyes,Maria Reyes,IACP,mreyes@partner.example,"crisis-intervention,de-escalation,use-of-force",3,true'
run 0 expert list --topic de-escalation --format tsv
expect_out 'handle	name	org	email	expertise	capacity	active
mreyes	Maria Reyes	IACP	mreyes@partner.example	crisis-intervention,de-escalation,use-of-force	3	true'

run 0 expert update jkim --inactive --expertise tribal-policing --date 2026-03-01
expect_sql crt.db "SELECT field, coalesce(old_value, '-'), new_value FROM history WHERE entity = 'expert' AND action = 'update' ORDER BY id" \
    "active|1|0
expertise||tribal-policing"
run 0 expert list --inactive --format csv
expect_out_has "jkim"
expect_out_lacks "mreyes"
run 0 expert list --active --org IACP --format csv
expect_out_has "mreyes"
run 4 expert update jkim --capacity 2 --date 2026-01-04
run 0 expert update mreyes --expertise "" -q
expect_sql crt.db "SELECT count(*) FROM expert_topic WHERE expert = 'mreyes'" 0
run 0 expert update jkim --active -q
expect_sql crt.db "SELECT active FROM expert WHERE handle = 'jkim'" 1

rows=$(sql crt.db "SELECT count(*) FROM history")
run 2 expert add "Bad Handle" --name X
run 2 expert add -bad --name X
run 2 expert add ok --name X --capacity 5000
run 2 expert add ok --name X --email nope
run 2 expert add ok --name X --expertise Not_Kebab
run 2 expert update jkim --active --inactive
run 3 expert add ok --name X --expertise no-such-topic
expect_err_has "no-such-topic"
retired=$(grep -B4 'retired = true' "$CRT_SOURCE_DIR/data/topics.toml" | sed -n 's/^id = "\(.*\)"/\1/p' | head -1)
[ -n "$retired" ] || fail "the catalogue has no retired topic to test with"
run 4 expert add ok --name X --expertise "$retired"
expect_err_has "retired"
run 5 expert add mreyes --name X
run 3 expert show nobody
run 3 expert update nobody --capacity 2
[ "$(sql crt.db "SELECT count(*) FROM history")" == "$rows" ] || fail "a refused command wrote history"
expect_sql crt.db "SELECT count(*) FROM expert" 2

done_testing
