-- Pages of ClaimReview markup (Google's ClaimReview Markup API, `/v1alpha1/pages`). A page owns
-- the `fact_check` statements made of its markups (their ids in `statement_ids`); the page row
-- and those statements are written and deleted in one transaction (store/postgres_pages.py).
CREATE TABLE pages (
    id text COLLATE "C" PRIMARY KEY,
    url text,
    -- The page URL's host without "www.", for listing by organisation (site and subdomains).
    site text,
    -- The page as its wire JSON (Google's ClaimReviewMarkupPage), as text like statements.body.
    body text NOT NULL,
    version text NOT NULL,
    statement_ids text[] NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX pages_url ON pages (url);
CREATE INDEX pages_site ON pages (site);
