-- The state store's tables (see state.rs for how they are used).
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    source_modified TEXT,
    content_hash TEXT,
    article_id TEXT,
    first_seen TEXT NOT NULL,
    last_fetched TEXT,
    last_error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    url TEXT NOT NULL,
    day TEXT NOT NULL,
    record TEXT NOT NULL,
    run_id TEXT NOT NULL,
    export_run TEXT,
    PRIMARY KEY (article_id, revision)
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash);
CREATE INDEX IF NOT EXISTS articles_by_export ON articles (export_run);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS failures (
    run_id TEXT NOT NULL,
    item TEXT NOT NULL,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exports (
    run_id TEXT PRIMARY KEY,
    dir TEXT NOT NULL,
    state TEXT NOT NULL
);
-- A large source's leads waiting to be fetched in this run (state/frontier.rs):
-- a spill of memory, emptied before and after each source, never read across runs.
CREATE TABLE IF NOT EXISTS frontier (
    seq INTEGER PRIMARY KEY,
    lead TEXT NOT NULL
);
