-- The store schema at version 1 (before issue 11), for the migration test.
CREATE TABLE IF NOT EXISTS documents (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    stem TEXT NOT NULL,
    format TEXT,
    council TEXT,
    committee TEXT,
    meeting_date TEXT,
    title TEXT,
    doc_type TEXT,
    url TEXT,
    licence TEXT,
    pages INTEGER,
    text_length INTEGER,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_stem ON documents(stem);
CREATE INDEX IF NOT EXISTS documents_meeting ON documents(council, committee, meeting_date);

CREATE TABLE IF NOT EXISTS records (
    pk INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    asker TEXT,
    asker_role TEXT,
    respondent TEXT,
    respondent_role TEXT,
    answers TEXT,
    number TEXT,
    kind TEXT,
    owner TEXT,
    requested_by TEXT,
    due TEXT,
    value NUMERIC,
    value_high NUMERIC,
    unit TEXT,
    measure TEXT,
    period TEXT,
    rule TEXT,
    confidence REAL,
    page INTEGER,
    label TEXT,
    extra TEXT,
    UNIQUE (document_id, id)
);
CREATE INDEX IF NOT EXISTS records_type ON records(type);

CREATE TABLE IF NOT EXISTS followups (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    action TEXT NOT NULL,
    quote TEXT,
    status TEXT NOT NULL,
    owner TEXT,
    requested_by TEXT,
    due TEXT,
    evidence TEXT NOT NULL DEFAULT '[]',
    evidence_document TEXT,
    evidence_quote TEXT,
    evidence_score REAL,
    evidence_method TEXT,
    latest_document TEXT,
    latest_quote TEXT,
    extra TEXT,
    PRIMARY KEY (document_id, action)
);
CREATE INDEX IF NOT EXISTS followups_status ON followups(status);

CREATE TABLE IF NOT EXISTS question_status (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (document_id, question)
);

CREATE TABLE IF NOT EXISTS errors (
    file TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    time TEXT NOT NULL
);


CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
    quote, measure, content='records', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS records_fts_insert AFTER INSERT ON records BEGIN
    INSERT INTO records_fts(rowid, quote, measure) VALUES (new.pk, new.quote, new.measure);
END;
CREATE TRIGGER IF NOT EXISTS records_fts_delete AFTER DELETE ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, quote, measure) VALUES ('delete', old.pk, old.quote, old.measure);
END;
CREATE TRIGGER IF NOT EXISTS records_fts_update AFTER UPDATE OF quote, measure ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, quote, measure) VALUES ('delete', old.pk, old.quote, old.measure);
    INSERT INTO records_fts(rowid, quote, measure) VALUES (new.pk, new.quote, new.measure);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
