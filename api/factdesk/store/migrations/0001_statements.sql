-- The statement store on PostgreSQL with pgvector. Applied once, in one transaction, by
-- `factdesk migrate` or at start (see api/factdesk/store/postgres.py).

CREATE EXTENSION IF NOT EXISTS vector;

-- One row: the store identity, the generation every replica reads, and the corpus counts that
-- BM25 needs (statements and analysis tokens). Every write and delete updates this row first,
-- so writers queue on its row lock and generations commit in order, without gaps.
CREATE TABLE store_meta (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    identity text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
    generation bigint NOT NULL DEFAULT 0,
    write_tag bigint NOT NULL DEFAULT 0,
    statement_count bigint NOT NULL DEFAULT 0,
    token_count bigint NOT NULL DEFAULT 0
);
INSERT INTO store_meta DEFAULT VALUES;

CREATE TABLE statements (
    -- Byte order ("C"), as SQLite compares: cursors and exports page by id.
    id text COLLATE "C" PRIMARY KEY,
    -- Insertion order, kept by updates (as SQLite's rowid): it breaks ties between equal scores
    -- and orders vector reads, so both stores rank duplicates alike.
    rid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    -- The statement as JSON text (source, rating, tags ...). Not jsonb: jsonb refuses \u0000,
    -- which the API accepts in fields other than the statement text.
    body text NOT NULL,
    language text NOT NULL,
    kind text NOT NULL,
    source_url text,
    published_at date,
    -- The engine's analysis tokens and their count (BM25's length normalisation). The engine
    -- is the language-aware part (English stems and stop words, Korean stems and bigrams), so
    -- `simple` indexes its tokens as they are, as SQLite's FTS5 does; PostgreSQL's `english`
    -- on top of them ranked CLEF worse (docs/DEPLOYMENT.md).
    lexical text NOT NULL,
    lexical_length integer NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', lexical)) STORED,
    parsed text NOT NULL,
    vector halfvec(384) NOT NULL,
    english_vector halfvec(384),
    seq bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX statements_seq ON statements (seq);
CREATE INDEX statements_language ON statements (language);
CREATE INDEX statements_kind ON statements (kind);
CREATE INDEX statements_source_url ON statements (source_url);
CREATE INDEX statements_published_at ON statements (published_at);
CREATE INDEX statements_tsv ON statements USING gin (tsv);
-- Vectors are L2-normalised: inner product orders as cosine does.
CREATE INDEX statements_vector ON statements USING hnsw (vector halfvec_ip_ops);

-- Document frequency of every lexeme in the full-text index (BM25's IDF, and the vocabulary
-- for typo-tolerant query expansion), kept in the writing transaction.
CREATE TABLE lexicon (
    lexeme text COLLATE "C" PRIMARY KEY,
    df integer NOT NULL
);

-- Deleted ids with the generation of their deletion, for in-memory indexes catching up.
CREATE TABLE tombstones (
    id text COLLATE "C" PRIMARY KEY,
    -- Insertion order, kept by updates (as SQLite's rowid): it breaks ties between equal scores
    -- and orders vector reads, so both stores rank duplicates alike.
    rid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    seq bigint NOT NULL
);
CREATE INDEX tombstones_seq ON tombstones (seq);
