/**
 * Versioned schema migrations, shared by PGlite and PostgreSQL. Append new versions; never edit a
 * released one (a database records which versions it has applied in `schema_migrations`).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const ADDRESS = "~ '^0x[0-9a-f]{40}$'";
const HASH32 = "~ '^0x[0-9a-f]{64}$'";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema: cursor, proposals, analyses, decisions, events",
    sql: `
CREATE TABLE cursor (
  name TEXT PRIMARY KEY,
  block_number NUMERIC(78, 0) NOT NULL CHECK (block_number >= 0),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE proposals (
  governor TEXT NOT NULL CHECK (governor ${ADDRESS}),
  proposal_id NUMERIC(78, 0) NOT NULL CHECK (proposal_id >= 0),
  description_hash TEXT NOT NULL CHECK (description_hash ${HASH32}),
  first_seen_block NUMERIC(78, 0) NOT NULL CHECK (first_seen_block >= 0),
  vote_end NUMERIC(78, 0) CHECK (vote_end >= 0),
  status TEXT NOT NULL CHECK (status IN
    ('pending', 'active', 'canceled', 'defeated', 'succeeded', 'queued', 'expired', 'executed')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (governor, proposal_id)
);
CREATE INDEX proposals_status_idx ON proposals (status);

CREATE TABLE analyses (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  governor TEXT NOT NULL CHECK (governor ${ADDRESS}),
  proposal_id NUMERIC(78, 0) NOT NULL CHECK (proposal_id >= 0),
  engine TEXT NOT NULL CHECK (engine <> ''),
  summary JSONB NOT NULL,
  facts JSONB NOT NULL,
  summary_hash TEXT NOT NULL CHECK (summary_hash ${HASH32}),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (governor, proposal_id, summary_hash)
);

CREATE TABLE decisions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delegate TEXT NOT NULL CHECK (delegate ${ADDRESS}),
  governor TEXT NOT NULL CHECK (governor ${ADDRESS}),
  proposal_id NUMERIC(78, 0) NOT NULL CHECK (proposal_id >= 0),
  mandate_hash TEXT NOT NULL CHECK (mandate_hash ${HASH32}),
  mandate_version INTEGER NOT NULL CHECK (mandate_version >= 0),
  summary_hash TEXT CHECK (summary_hash ${HASH32}),
  vote TEXT CHECK (vote IN ('for', 'against', 'abstain')),
  rule_id TEXT,
  rationale TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN
    ('pending', 'asked', 'sending', 'sent', 'confirmed', 'failed', 'skipped')),
  tx_hash TEXT CHECK (tx_hash ${HASH32}),
  nonce NUMERIC(78, 0) CHECK (nonce >= 0),
  error TEXT,
  deadline NUMERIC(78, 0) CHECK (deadline >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT decisions_once UNIQUE (delegate, governor, proposal_id)
);
CREATE INDEX decisions_status_idx ON decisions (status);

CREATE TABLE events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  kind TEXT NOT NULL CHECK (kind <> ''),
  decision_id BIGINT,
  governor TEXT CHECK (governor ${ADDRESS}),
  proposal_id NUMERIC(78, 0),
  data JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_decision_idx ON events (decision_id);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is an append-only audit log: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
`,
  },
];

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
