#include "lib/store/schema.h"

#include "lib/base/domain.h"

#include <fmt/format.h>

namespace crt {

namespace {

// `column = 'a' OR column = 'b' ...` rather than `IN (...)`: SQLite builds an
// ephemeral index for a long IN list every time the CHECK runs, which made
// each insert several times slower.
template <std::size_t N>
std::string one_of(std::string_view column, const std::array<std::string_view, N>& values) {
    std::string list;
    for (auto value : values) {
        list += fmt::format("{}{} = '{}'", list.empty() ? "" : " OR ", column, value);
    }
    return "(" + list + ")";
}

// A date column holds a real `YYYY-MM-DD` date: with a modifier, date()
// rolls 02-30 over to March, and gives NULL for month 13, so `IS` refuses both.
std::string is_date(std::string_view column) {
    return fmt::format("{0} IS NULL OR ({0} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
                       "AND date({0}, '+0 days') IS {0})",
                       column);
}

// The first schema, as one script. It is longer than any other function on
// purpose: a migration is data that must never change once released, and it
// reads best as the one statement list a database receives. Later versions
// are new functions, each a small ALTER script.
std::string version_1() {
    return fmt::format(
        R"sql(
CREATE TABLE agency (
    ori           TEXT PRIMARY KEY
                  CHECK (length(ori) = 9 AND ori GLOB '[A-Z][A-Z][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]'),
    name          TEXT NOT NULL CHECK (name <> ''),
    type          TEXT NOT NULL CHECK ({agency_type}),
    state         TEXT NOT NULL CHECK (length(state) = 2 AND state = substr(ori, 1, 2)),
    sworn         INTEGER CHECK (sworn IS NULL OR sworn >= 0),
    contact_name  TEXT,
    contact_email TEXT,
    contact_phone TEXT
) STRICT;

CREATE TABLE expert (
    handle   TEXT PRIMARY KEY CHECK (handle GLOB '[a-z0-9]*' AND handle NOT GLOB '*[^a-z0-9._-]*'),
    name     TEXT NOT NULL CHECK (name <> ''),
    org      TEXT,
    email    TEXT,
    capacity INTEGER NOT NULL DEFAULT 3 CHECK (capacity >= 0),
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1)
) STRICT;

CREATE TABLE expert_topic (
    expert TEXT NOT NULL REFERENCES expert(handle) ON DELETE CASCADE,
    topic  TEXT NOT NULL,
    PRIMARY KEY (expert, topic)
) STRICT, WITHOUT ROWID;
CREATE INDEX expert_topic_by_topic ON expert_topic(topic);

CREATE TABLE request (
    id          INTEGER PRIMARY KEY,
    agency      TEXT NOT NULL REFERENCES agency(ori),
    level       TEXT NOT NULL CHECK ({level}),
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT,
    delivery    TEXT CHECK (delivery IS NULL OR {delivery}),
    form        TEXT CHECK (form IS NULL OR {form}),
    priority    TEXT NOT NULL DEFAULT 'normal' CHECK ({priority}),
    received    TEXT NOT NULL CHECK ({received}),
    target      TEXT CHECK ({target} AND (target IS NULL OR target >= received)),
    event_date  TEXT CHECK ({event_date} AND (event_date IS NULL OR level = 'critical')),
    external_id TEXT UNIQUE,
    status      TEXT NOT NULL DEFAULT 'received' CHECK ({status}),
    status_date TEXT NOT NULL CHECK ({status_date} AND status_date >= received),
    status_note TEXT,
    accepted    TEXT CHECK ({accepted})
) STRICT;
CREATE INDEX request_by_agency ON request(agency);
CREATE INDEX request_by_received ON request(received);
CREATE INDEX request_by_level_status ON request(level, status);

CREATE TABLE request_topic (
    request INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,
    topic   TEXT NOT NULL,
    PRIMARY KEY (request, topic)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_topic_by_topic ON request_topic(topic);

CREATE TABLE assignment (
    id       INTEGER PRIMARY KEY,
    request  INTEGER NOT NULL REFERENCES request(id),
    expert   TEXT NOT NULL REFERENCES expert(handle),
    role     TEXT NOT NULL CHECK ({role}),
    assigned TEXT NOT NULL CHECK ({assigned}),
    released TEXT CHECK ({released} AND (released IS NULL OR released >= assigned)),
    -- hundredths of an hour, so sums are exact
    centihours INTEGER NOT NULL DEFAULT 0 CHECK (centihours >= 0)
) STRICT;
-- with the assigned day, so a request's first assignment needs no table look-up
CREATE INDEX assignment_by_request ON assignment(request, assigned);
CREATE INDEX assignment_by_expert ON assignment(expert);
CREATE UNIQUE INDEX assignment_one_active_lead ON assignment(request)
    WHERE role = 'lead' AND released IS NULL;
CREATE UNIQUE INDEX assignment_one_active_per_expert ON assignment(request, expert)
    WHERE released IS NULL;

CREATE TABLE milestone (
    id        INTEGER PRIMARY KEY,
    request   INTEGER NOT NULL REFERENCES request(id),
    kind      TEXT NOT NULL CHECK ({kind}),
    title     TEXT NOT NULL CHECK (title <> ''),
    due       TEXT CHECK ({due}),
    status    TEXT NOT NULL DEFAULT 'planned' CHECK ({milestone_status}),
    -- the day it was added and the day of its last status change (effective dates)
    created     TEXT NOT NULL CHECK ({created}),
    status_date TEXT NOT NULL CHECK ({milestone_status_date} AND status_date >= created),
    -- the latest effective date of a change to its title, due date, blocker
    -- or note: reports as of a later day read the row as it is
    updated     TEXT CHECK ({milestone_updated}),
    completed TEXT CHECK ({completed} AND (completed IS NULL OR status = 'done')),
    note      TEXT,
    ref       TEXT,
    finding   TEXT,
    blocker   TEXT CHECK (blocker IS NULL OR {blocker}),
    -- position in the level's template when added by `milestone plan`
    template  INTEGER,
    CHECK (kind = 'recommendation' OR (ref IS NULL AND finding IS NULL AND blocker IS NULL))
) STRICT;
CREATE INDEX milestone_by_request ON milestone(request);
CREATE UNIQUE INDEX milestone_ref ON milestone(request, ref) WHERE ref IS NOT NULL;
CREATE UNIQUE INDEX milestone_template ON milestone(request, template) WHERE template IS NOT NULL;

CREATE TABLE history (
    id             INTEGER PRIMARY KEY,
    entity         TEXT NOT NULL CHECK (entity = 'agency' OR entity = 'expert' OR entity = 'request'
                                    OR entity = 'assignment' OR entity = 'milestone'),
    entity_id      TEXT NOT NULL,
    -- the request an assignment's or milestone's change belongs to, for `request log`
    request        INTEGER,
    action         TEXT NOT NULL CHECK (action = 'create' OR action = 'update' OR action = 'status'
                                    OR action = 'import'),
    field          TEXT,
    old_value      TEXT,
    new_value      TEXT,
    actor          TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    effective_date TEXT NOT NULL CHECK ({effective}),
    note           TEXT
) STRICT;
-- Changes to requests, assignments and milestones carry their request id, which
-- grows with time, so this index is appended to rather than scattered into.
CREATE INDEX history_by_request ON history(request, entity, entity_id) WHERE request IS NOT NULL;
CREATE INDEX history_by_registry ON history(entity, entity_id) WHERE request IS NULL;

CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
)sql",
        fmt::arg("agency_type", one_of("type", k_agency_types)),
        fmt::arg("level", one_of("level", k_levels)),
        fmt::arg("delivery", one_of("delivery", k_deliveries)),
        fmt::arg("form", one_of("form", k_forms)),
        fmt::arg("priority", one_of("priority", k_priorities)),
        fmt::arg("status", one_of("status", k_request_statuses)),
        fmt::arg("role", one_of("role", k_roles)),
        fmt::arg("kind", one_of("kind", k_milestone_kinds)),
        fmt::arg("milestone_status", one_of("status", k_milestone_statuses)),
        fmt::arg("blocker", one_of("blocker", k_blockers)),
        fmt::arg("received", is_date("received")), fmt::arg("target", is_date("target")),
        fmt::arg("event_date", is_date("event_date")),
        fmt::arg("status_date", is_date("status_date")), fmt::arg("accepted", is_date("accepted")),
        fmt::arg("assigned", is_date("assigned")), fmt::arg("released", is_date("released")),
        fmt::arg("due", is_date("due")), fmt::arg("completed", is_date("completed")),
        fmt::arg("created", is_date("created")),
        fmt::arg("milestone_status_date", is_date("status_date")),
        fmt::arg("milestone_updated", is_date("updated")),
        fmt::arg("effective", is_date("effective_date")));
}

// Corrections (crt(1), CORRECTIONS): a history row may name the row it
// corrects, and two actions join the list. SQLite cannot change a CHECK in
// place, so the table is rebuilt under the same name, rows and ids unchanged.
std::string version_2() {
    return fmt::format(R"sql(
DROP TRIGGER history_is_append_only_update;
DROP TRIGGER history_is_append_only_delete;
CREATE TABLE history_v2 (
    id             INTEGER PRIMARY KEY,
    entity         TEXT NOT NULL CHECK (entity = 'agency' OR entity = 'expert' OR entity = 'request'
                                    OR entity = 'assignment' OR entity = 'milestone'),
    entity_id      TEXT NOT NULL,
    request        INTEGER,
    action         TEXT NOT NULL CHECK (action = 'create' OR action = 'update' OR action = 'status'
                                    OR action = 'import' OR action = 'void' OR action = 'correct'),
    field          TEXT,
    old_value      TEXT,
    new_value      TEXT,
    actor          TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    effective_date TEXT NOT NULL CHECK ({effective}),
    note           TEXT,
    -- the row this one corrects: a void, a correction, or a re-dated copy
    -- (same action as the row it replaces)
    corrects       INTEGER REFERENCES history_v2(id),
    CHECK ((action = 'void' OR action = 'correct') <= (corrects IS NOT NULL))
) STRICT;
INSERT INTO history_v2 (id, entity, entity_id, request, action, field, old_value, new_value,
                        actor, recorded_at, effective_date, note)
    SELECT id, entity, entity_id, request, action, field, old_value, new_value,
           actor, recorded_at, effective_date, note FROM history;
DROP TABLE history;
ALTER TABLE history_v2 RENAME TO history;
CREATE INDEX history_by_request ON history(request, entity, entity_id) WHERE request IS NOT NULL;
CREATE INDEX history_by_registry ON history(entity, entity_id) WHERE request IS NULL;
CREATE INDEX history_by_corrected ON history(corrects) WHERE corrects IS NOT NULL;
CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
)sql",
                       fmt::arg("effective", is_date("effective_date")));
}

// PostgreSQL: a real `YYYY-MM-DD` date. The cast refuses 02-30 and month
// 13 (a data exception, reported as a broken constraint); the comparison
// refuses other spellings of a valid date.
std::string pg_is_date(std::string_view column) {
    return fmt::format("{0} IS NULL OR ({0} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' "
                       "AND {0}::date::text = {0})",
                       column);
}

// A trigger per table with an id: the id SQLite would give (see below),
// in static SQL so the server plans it once. The largest id is looked up
// once a transaction and then kept in a transaction-local setting, which a
// rollback to a savepoint undoes with the rows: a bulk insert pays no
// look-up a row. Writers hold the write lock, and crt never deletes a row
// that has an id, so the kept value stays one past the largest.
std::string pg_id_triggers() {
    std::string sql;
    for (const char* table : {"request", "assignment", "milestone", "history"}) {
        sql +=
            fmt::format(R"sql(CREATE FUNCTION {0}_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next bigint := nullif(current_setting('crt.next_{0}_id', true), '')::bigint;
BEGIN
    IF next IS NULL THEN
        next := (SELECT coalesce(max(id), 0) + 1 FROM {0});
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := next;
    END IF;
    PERFORM set_config('crt.next_{0}_id', greatest(next, NEW.id + 1)::text, true);
    PERFORM set_config('crt.last_insert_id', NEW.id::text, false);
    RETURN NEW;
END $$;
CREATE TRIGGER {0}_id BEFORE INSERT ON {0} FOR EACH ROW EXECUTE FUNCTION {0}_next_id();
)sql",
                        table);
    }
    return sql;
}

// The PostgreSQL schema at version 2, the same tables, constraints and
// append-only history as SQLite's versions 1 and 2 together. Text compares
// byte by byte (COLLATE "C"), as in SQLite. Ids are given as SQLite gives
// rowids (the *_next_id triggers), and an explicit id is kept, so `crt copy` keeps them.
std::string pg_version_2() {
    return fmt::format(
        R"sql(
CREATE TABLE crt_meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE agency (
    ori           TEXT COLLATE "C" PRIMARY KEY CHECK (ori ~ '^[A-Z]{{2}}[A-Z0-9]{{7}}$'),
    name          TEXT COLLATE "C" NOT NULL CHECK (name <> ''),
    type          TEXT COLLATE "C" NOT NULL CHECK ({agency_type}),
    state         TEXT COLLATE "C" NOT NULL CHECK (length(state) = 2 AND state = substr(ori, 1, 2)),
    sworn         BIGINT CHECK (sworn IS NULL OR sworn >= 0),
    contact_name  TEXT COLLATE "C",
    contact_email TEXT COLLATE "C",
    contact_phone TEXT COLLATE "C"
);

CREATE TABLE expert (
    handle   TEXT COLLATE "C" PRIMARY KEY CHECK (handle ~ '^[a-z0-9][a-z0-9._-]*$'),
    name     TEXT COLLATE "C" NOT NULL CHECK (name <> ''),
    org      TEXT COLLATE "C",
    email    TEXT COLLATE "C",
    capacity BIGINT NOT NULL DEFAULT 3 CHECK (capacity >= 0),
    active   BIGINT NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1)
);

CREATE TABLE expert_topic (
    expert TEXT COLLATE "C" NOT NULL REFERENCES expert(handle) ON DELETE CASCADE,
    topic  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (expert, topic)
);
CREATE INDEX expert_topic_by_topic ON expert_topic(topic);

CREATE TABLE request (
    id          BIGINT PRIMARY KEY,
    agency      TEXT COLLATE "C" NOT NULL REFERENCES agency(ori),
    level       TEXT COLLATE "C" NOT NULL CHECK ({level}),
    title       TEXT COLLATE "C" NOT NULL CHECK (title <> ''),
    description TEXT COLLATE "C",
    delivery    TEXT COLLATE "C" CHECK (delivery IS NULL OR {delivery}),
    form        TEXT COLLATE "C" CHECK (form IS NULL OR {form}),
    priority    TEXT COLLATE "C" NOT NULL DEFAULT 'normal' CHECK ({priority}),
    received    TEXT COLLATE "C" NOT NULL CHECK ({received}),
    target      TEXT COLLATE "C" CHECK ({target} AND (target IS NULL OR target >= received)),
    event_date  TEXT COLLATE "C" CHECK ({event_date} AND (event_date IS NULL OR level = 'critical')),
    external_id TEXT COLLATE "C" UNIQUE,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'received' CHECK ({status}),
    status_date TEXT COLLATE "C" NOT NULL CHECK ({status_date} AND status_date >= received),
    status_note TEXT COLLATE "C",
    accepted    TEXT COLLATE "C" CHECK ({accepted})
);
CREATE INDEX request_by_agency ON request(agency);
CREATE INDEX request_by_received ON request(received);
CREATE INDEX request_by_level_status ON request(level, status);

CREATE TABLE request_topic (
    request BIGINT NOT NULL REFERENCES request(id) ON DELETE CASCADE,
    topic   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (request, topic)
);
CREATE INDEX request_topic_by_topic ON request_topic(topic);

CREATE TABLE assignment (
    id       BIGINT PRIMARY KEY,
    request  BIGINT NOT NULL REFERENCES request(id),
    expert   TEXT COLLATE "C" NOT NULL REFERENCES expert(handle),
    role     TEXT COLLATE "C" NOT NULL CHECK ({role}),
    assigned TEXT COLLATE "C" NOT NULL CHECK ({assigned}),
    released TEXT COLLATE "C" CHECK ({released} AND (released IS NULL OR released >= assigned)),
    centihours BIGINT NOT NULL DEFAULT 0 CHECK (centihours >= 0)
);
CREATE INDEX assignment_by_request ON assignment(request, assigned);
CREATE INDEX assignment_by_expert ON assignment(expert);
CREATE UNIQUE INDEX assignment_one_active_lead ON assignment(request)
    WHERE role = 'lead' AND released IS NULL;
CREATE UNIQUE INDEX assignment_one_active_per_expert ON assignment(request, expert)
    WHERE released IS NULL;

CREATE TABLE milestone (
    id        BIGINT PRIMARY KEY,
    request   BIGINT NOT NULL REFERENCES request(id),
    kind      TEXT COLLATE "C" NOT NULL CHECK ({kind}),
    title     TEXT COLLATE "C" NOT NULL CHECK (title <> ''),
    due       TEXT COLLATE "C" CHECK ({due}),
    status    TEXT COLLATE "C" NOT NULL DEFAULT 'planned' CHECK ({milestone_status}),
    created     TEXT COLLATE "C" NOT NULL CHECK ({created}),
    status_date TEXT COLLATE "C" NOT NULL CHECK ({milestone_status_date} AND status_date >= created),
    updated     TEXT COLLATE "C" CHECK ({milestone_updated}),
    completed TEXT COLLATE "C" CHECK ({completed} AND (completed IS NULL OR status = 'done')),
    note      TEXT COLLATE "C",
    ref       TEXT COLLATE "C",
    finding   TEXT COLLATE "C",
    blocker   TEXT COLLATE "C" CHECK (blocker IS NULL OR {blocker}),
    template  BIGINT,
    CHECK (kind = 'recommendation' OR (ref IS NULL AND finding IS NULL AND blocker IS NULL))
);
CREATE INDEX milestone_by_request ON milestone(request);
CREATE UNIQUE INDEX milestone_ref ON milestone(request, ref) WHERE ref IS NOT NULL;
CREATE UNIQUE INDEX milestone_template ON milestone(request, template) WHERE template IS NOT NULL;

CREATE TABLE history (
    id             BIGINT PRIMARY KEY,
    entity         TEXT COLLATE "C" NOT NULL CHECK (entity = 'agency' OR entity = 'expert' OR entity = 'request'
                                    OR entity = 'assignment' OR entity = 'milestone'),
    entity_id      TEXT COLLATE "C" NOT NULL,
    request        BIGINT,
    action         TEXT COLLATE "C" NOT NULL CHECK (action = 'create' OR action = 'update' OR action = 'status'
                                    OR action = 'import' OR action = 'void' OR action = 'correct'),
    field          TEXT COLLATE "C",
    old_value      TEXT COLLATE "C",
    new_value      TEXT COLLATE "C",
    actor          TEXT COLLATE "C" NOT NULL,
    recorded_at    TEXT COLLATE "C" NOT NULL,
    effective_date TEXT COLLATE "C" NOT NULL CHECK ({effective}),
    note           TEXT COLLATE "C",
    corrects       BIGINT REFERENCES history(id),
    CHECK ((action = 'void' OR action = 'correct') <= (corrects IS NOT NULL))
);
CREATE INDEX history_by_request ON history(request, entity, entity_id) WHERE request IS NOT NULL;
CREATE INDEX history_by_registry ON history(entity, entity_id) WHERE request IS NULL;
CREATE INDEX history_by_corrected ON history(corrects) WHERE corrects IS NOT NULL;

-- Ids as SQLite gives them: one more than the largest, unless given (writers
-- hold the write lock, so no two take the same). The id of the last row a
-- connection inserted is kept for it, as SQLite's last_insert_rowid().
{id_triggers}
CREATE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'history is append-only' USING ERRCODE = 'integrity_constraint_violation'; END $$;
CREATE TRIGGER history_is_append_only BEFORE UPDATE OR DELETE ON history
    FOR EACH ROW EXECUTE FUNCTION history_is_append_only();
CREATE TRIGGER history_is_append_only_truncate BEFORE TRUNCATE ON history
    FOR EACH STATEMENT EXECUTE FUNCTION history_is_append_only();

-- SQLite's functions that crt's queries use, so one SQL text serves both.
CREATE FUNCTION group_concat_step(state text, value text, separator text) RETURNS text
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN value IS NULL THEN state WHEN state IS NULL THEN value
                   ELSE state || separator || value END $$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);
CREATE FUNCTION group_concat_step(state text, value bigint, separator text) RETURNS text
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN value IS NULL THEN state WHEN state IS NULL THEN value::text
                   ELSE state || separator || value::text END $$;
CREATE AGGREGATE group_concat(bigint, text) (SFUNC = group_concat_step, STYPE = text);
CREATE FUNCTION group_concat_step_comma(state text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT group_concat_step(state, value, ',') $$;
CREATE AGGREGATE group_concat(text) (SFUNC = group_concat_step_comma, STYPE = text);
CREATE FUNCTION group_concat_step_comma(state text, value bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT group_concat_step(state, value, ',') $$;
CREATE AGGREGATE group_concat(bigint) (SFUNC = group_concat_step_comma, STYPE = text);
CREATE FUNCTION max(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a >= b THEN a ELSE b END $$;
CREATE FUNCTION min(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a <= b THEN a ELSE b END $$;
CREATE FUNCTION max(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a >= b THEN a ELSE b END $$;
CREATE FUNCTION min(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a <= b THEN a ELSE b END $$;
-- SQLite's unary + on a column keeps the planner off its index; here it is the value.
CREATE FUNCTION text_unchanged(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT value $$;
CREATE OPERATOR + (RIGHTARG = text, FUNCTION = text_unchanged);
-- SQLite's JSON functions, as far as crt check uses them: a path is '$.name'.
CREATE FUNCTION json_valid(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN PERFORM value::jsonb; RETURN true; EXCEPTION WHEN others THEN RETURN false; END $$;
CREATE FUNCTION json_extract(value text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS
    $$ SELECT value::jsonb #>> string_to_array(substr(path, 3), '.') $$;
CREATE FUNCTION json_type(value text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS
    $$ SELECT jsonb_typeof(value::jsonb #> string_to_array(substr(path, 3), '.')) $$;
CREATE FUNCTION instr(haystack text, needle text) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT strpos(haystack, needle) $$;
)sql",
        fmt::arg("agency_type", one_of("type", k_agency_types)),
        fmt::arg("level", one_of("level", k_levels)),
        fmt::arg("delivery", one_of("delivery", k_deliveries)),
        fmt::arg("form", one_of("form", k_forms)),
        fmt::arg("priority", one_of("priority", k_priorities)),
        fmt::arg("status", one_of("status", k_request_statuses)),
        fmt::arg("role", one_of("role", k_roles)),
        fmt::arg("kind", one_of("kind", k_milestone_kinds)),
        fmt::arg("milestone_status", one_of("status", k_milestone_statuses)),
        fmt::arg("blocker", one_of("blocker", k_blockers)),
        fmt::arg("received", pg_is_date("received")), fmt::arg("target", pg_is_date("target")),
        fmt::arg("event_date", pg_is_date("event_date")),
        fmt::arg("status_date", pg_is_date("status_date")),
        fmt::arg("accepted", pg_is_date("accepted")), fmt::arg("assigned", pg_is_date("assigned")),
        fmt::arg("released", pg_is_date("released")), fmt::arg("due", pg_is_date("due")),
        fmt::arg("completed", pg_is_date("completed")), fmt::arg("created", pg_is_date("created")),
        fmt::arg("milestone_status_date", pg_is_date("status_date")),
        fmt::arg("milestone_updated", pg_is_date("updated")),
        fmt::arg("effective", pg_is_date("effective_date")),
        fmt::arg("id_triggers", pg_id_triggers()));
}

} // namespace

const std::vector<std::string>& schema_migrations() {
    static const std::vector<std::string> migrations = {version_1(), version_2()};
    return migrations;
}

} // namespace crt

namespace crt {

const std::vector<std::string>& pg_schema_migrations() {
    // Version 1 was never released on PostgreSQL: a new database starts at 2.
    static const std::vector<std::string> migrations = {"", pg_version_2()};
    return migrations;
}

} // namespace crt
