-- The dense index rebuilt with a wider build breadth (ef_construction 200; 0001 used pgvector's
-- default, 64), as the embedded HNSW graph is built. On a million-statement bench store
-- (docs/PERFORMANCE.md §11) recall@10 against exact search went from 0.934 to 0.982 and a
-- search at ef_search 512 from 39 to 15 ms p50; the rebuild took 13 minutes on two cores with
-- maintenance_work_mem 3GB. It runs in the migration's transaction: on a large store, searches
-- and writes wait for it, so run `factdesk migrate` in a quiet hour (and give
-- maintenance_work_mem room for the graph, about 1.2 GB at a million rows).
DROP INDEX IF EXISTS statements_vector;
CREATE INDEX statements_vector ON statements USING hnsw (vector halfvec_ip_ops)
    WITH (m = 16, ef_construction = 200);
