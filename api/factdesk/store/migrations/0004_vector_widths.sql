-- The main vector column takes the width of any shipped embedder set: 384 (e5-small), 512
-- (use-m3) or 896 (e5-small+use-m3, e5 and USE side by side). pgvector's HNSW needs a fixed
-- width, so each width gets a partial index over the column cast to it; the search names the
-- same cast and the same `vector_dims` condition (store/postgres.py), and an index no row
-- matches stays empty. The English (MiniLM) column stays halfvec(384). Rows are not rewritten:
-- the cast only drops the width from the column's type; the 384 index is rebuilt, so run
-- `factdesk migrate` in a quiet hour on a large store (as for 0002).
DROP INDEX IF EXISTS statements_vector;
ALTER TABLE statements ALTER COLUMN vector TYPE halfvec;
CREATE INDEX statements_vector ON statements
    USING hnsw ((vector::halfvec(384)) halfvec_ip_ops) WITH (m = 16, ef_construction = 200)
    WHERE vector_dims(vector) = 384;
CREATE INDEX statements_vector_512 ON statements
    USING hnsw ((vector::halfvec(512)) halfvec_ip_ops) WITH (m = 16, ef_construction = 200)
    WHERE vector_dims(vector) = 512;
CREATE INDEX statements_vector_896 ON statements
    USING hnsw ((vector::halfvec(896)) halfvec_ip_ops) WITH (m = 16, ef_construction = 200)
    WHERE vector_dims(vector) = 896;
