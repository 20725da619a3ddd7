// Google's Node client for the Fact Check Tools API (@googleapis/factchecktools), pointed at a
// FactDesk server with its `rootUrl` option: a search, and a page created, read and deleted.
// Run by tests/google/test_node_client.py; prints one JSON object with what it saw.
"use strict";
const { factchecktools } = require("@googleapis/factchecktools");

async function main() {
  const rootUrl = process.env.FACTDESK_URL + "/";
  const reader = factchecktools({ version: "v1alpha1", auth: process.env.READ_KEY, rootUrl });
  const writer = factchecktools({ version: "v1alpha1", auth: process.env.WRITE_KEY, rootUrl });
  const out = {};
  const search = await reader.claims.search({ query: "Eiffel Tower", pageSize: 2 });
  out.search = search.data;
  const next = await reader.claims.search({
    query: "Eiffel Tower",
    pageSize: 2,
    pageToken: search.data.nextPageToken,
  });
  out.next = next.data;
  const created = await writer.pages.create({
    requestBody: {
      pageUrl: "https://node-checks.example/one",
      publishDate: "2024-06-01",
      claimReviewAuthor: { name: "Node Checks" },
      claimReviewMarkups: [
        {
          claimReviewed: "The Rhine froze over completely in June 2024",
          rating: { textualRating: "False", ratingValue: 1, bestRating: 5, worstRating: 1 },
        },
      ],
    },
  });
  out.created = created.data;
  out.got = (await reader.pages.get({ name: created.data.name })).data;
  out.found = (await reader.claims.search({ query: "Rhine froze June" })).data;
  out.deleted = (await writer.pages.delete({ name: created.data.name })).data;
  try {
    await reader.pages.get({ name: created.data.name });
    out.afterDelete = "found";
  } catch (err) {
    out.afterDelete = { status: err.status ?? err.code, message: err.message };
  }
  try {
    await reader.claims.search({ query: "Eiffel Tower", pageSize: 0 });
    out.badParameter = "accepted";
  } catch (err) {
    out.badParameter = { status: err.status ?? err.code, message: err.message };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
