/**
 * The case database schema, versioned with PRAGMA user_version. Each migration moves the schema one
 * version up and runs in its own transaction; a database newer than this build is refused.
 * The README documents these tables for people querying them with the sqlite3 shell.
 */
export const MIGRATIONS: string[] = [
  // v1
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    filter TEXT NOT NULL DEFAULT '',
    format TEXT,
    encoding TEXT,
    events_read INTEGER NOT NULL DEFAULT 0,
    events_new INTEGER NOT NULL DEFAULT 0,
    issues INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running'   -- running | ok | partial | unusable
  );
  CREATE INDEX imports_sha ON imports(sha256, filter, status);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL,
    channel TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_guid TEXT,
    event_id INTEGER NOT NULL,
    qualifiers INTEGER,
    version INTEGER,
    level INTEGER,
    task INTEGER,
    opcode INTEGER,
    keywords TEXT,
    time_created TEXT NOT NULL,              -- UTC, YYYY-MM-DDTHH:MM:SS.fffffffZ
    record_id INTEGER NOT NULL,              -- -1 when the source had none
    activity_id TEXT,
    related_activity_id TEXT,
    process_id INTEGER,
    thread_id INTEGER,
    user_sid TEXT,
    fields TEXT NOT NULL,                    -- JSON object: name -> value (json_extract(fields,'$.ClientIP'))
    message TEXT,
    level_text TEXT,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    source_offset INTEGER,
    source_line INTEGER,
    -- identity of a record: the same log exported twice (or by two renderers that differ below the
    -- second, like python-evtx's microseconds) must not be stored twice
    identity_time TEXT NOT NULL,             -- time_created cut to the second
    UNIQUE (host, channel, record_id, identity_time)
  );
  CREATE INDEX events_host_time ON events(host, time_created);
  CREATE INDEX events_provider_id ON events(provider, event_id, time_created);
  CREATE INDEX events_activity ON events(activity_id) WHERE activity_id IS NOT NULL;

  CREATE TABLE parse_issues (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    file TEXT NOT NULL,
    offset INTEGER,
    line INTEGER,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
  );
  CREATE INDEX parse_issues_import ON parse_issues(import_id);

  CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    side TEXT NOT NULL,                      -- server | client
    client_address TEXT,
    client_port INTEGER,
    target TEXT,
    user TEXT,
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    stage TEXT NOT NULL,                     -- S0..S11
    outcome TEXT NOT NULL,
    disconnect_code INTEGER,
    disconnect_table TEXT,
    disconnect_name TEXT,
    disconnect_description TEXT,
    activity_id TEXT,
    connection_name TEXT,
    session_id INTEGER,
    logon_id TEXT,
    peer_attempt_id TEXT,
    peer_join TEXT
  );
  CREATE INDEX attempts_host_start ON attempts(host, start);
  CREATE INDEX attempts_client ON attempts(client_address);

  CREATE TABLE attempt_events (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    event_id INTEGER NOT NULL REFERENCES events(id),
    join_key TEXT NOT NULL,                  -- which key attached the event (activity-id, connection-name, time …)
    confidence REAL NOT NULL,
    stage TEXT,
    ord INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, ord)
  );
  CREATE INDEX attempt_events_event ON attempt_events(event_id);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    user TEXT,
    session_id INTEGER,
    client_address TEXT,
    start TEXT NOT NULL,
    "end" TEXT,
    reconnects INTEGER NOT NULL,
    disconnects INTEGER NOT NULL,
    outcome TEXT NOT NULL
  );
  CREATE INDEX sessions_host_start ON sessions(host, start);

  CREATE TABLE session_attempts (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    attempt_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    PRIMARY KEY (session_id, ord)
  );

  CREATE TABLE session_events (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    event_id INTEGER NOT NULL REFERENCES events(id),
    join_key TEXT NOT NULL,
    confidence REAL NOT NULL,
    stage TEXT,
    ord INTEGER NOT NULL,
    PRIMARY KEY (session_id, ord)
  );

  CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,                    -- rank order as reported
    pattern TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    host TEXT NOT NULL,
    client_address TEXT,
    user TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    count INTEGER NOT NULL,
    confidence REAL NOT NULL,
    explanation TEXT NOT NULL,
    remedy TEXT NOT NULL,                    -- JSON array of {text, command?, weakensSecurity?}
    refs TEXT NOT NULL                       -- JSON array of reference strings
  );

  CREATE TABLE finding_attempts (
    finding_id TEXT NOT NULL REFERENCES findings(id),
    attempt_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    PRIMARY KEY (finding_id, ord)
  );

  CREATE TABLE finding_evidence (
    finding_id TEXT NOT NULL REFERENCES findings(id),
    event_id INTEGER NOT NULL REFERENCES events(id),
    meaning TEXT NOT NULL,
    ord INTEGER NOT NULL,
    PRIMARY KEY (finding_id, ord)
  );
  CREATE INDEX finding_evidence_event ON finding_evidence(event_id);

  CREATE TABLE coverage (
    host TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (host, kind)
  );
  `,
  // v2: two event indexes no query used (the correlator and the browser read events by host and
  // time, and filter providers case-insensitively) cost a third of the ingest time between them:
  // their long or random keys scatter every batch of inserts over the whole index.
  `
  DROP INDEX IF EXISTS events_provider_id;
  DROP INDEX IF EXISTS events_activity;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
