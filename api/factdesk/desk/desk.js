// FactDesk web desk: one claim or a whole article against the API this page is served by.
// Everything the API returns is put on the page as text (never as HTML), and only http(s)
// links are made clickable.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const VERDICTS = {
    supported: "Supported",
    refuted: "Refuted",
    conflicting: "Conflicting",
    not_enough_evidence: "Not enough evidence",
  };
  const STANCES = { supports: "Supports", refutes: "Refutes", neutral: "Neutral" };
  const KEY_STORE = "factdesk.apiKey";

  class ProblemError extends Error {
    constructor(status, problem, retryAfter) {
      const title = (problem && problem.title) || `HTTP ${status}`;
      const detail = problem && problem.detail ? `: ${problem.detail}` : "";
      super(title + detail);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeUrl(value) {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function headers() {
    const h = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("api-key").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify(body),
    });
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json() : null;
    if (!response.ok) {
      throw new ProblemError(response.status, data, response.headers.get("retry-after"));
    }
    return data;
  }

  function setStatus(message, isError) {
    const status = $("status");
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function explain(error) {
    if (!(error instanceof ProblemError)) {
      return `The service could not be reached (${error.message}).`;
    }
    if (error.status === 401) {
      $("key-box").open = true;
      return "This service needs an API key: enter it in the API key field and check again.";
    }
    if (error.status === 403) return "This API key may not do that.";
    if (error.status === 429) {
      return `Too many requests; try again in ${error.retryAfter || "a few"} seconds.`;
    }
    return error.message;
  }

  function mode() {
    return document.querySelector('input[name="mode"]:checked').value;
  }

  function verdictBadge(verdict) {
    const label = verdict ? VERDICTS[verdict] || verdict : "Not checked";
    return el("span", { class: `badge v-${verdict || "unchecked"}` }, label);
  }

  function reasonText(reason) {
    const parts = [reason.type.replaceAll("_", " ")];
    if (reason.claim) parts.push(`claim: “${reason.claim}”`);
    if (reason.evidence) parts.push(`evidence: “${reason.evidence}”`);
    if (reason.detail) parts.push(reason.detail);
    return parts.join(" — ");
  }

  function evidenceCard(item) {
    const st = item.statement;
    const src = st.source || {};
    const url = src.url ? safeUrl(src.url) : null;
    const title = src.title || src.url || "Untitled source";
    const cite = [url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, title)
      : el("span", { class: "title" }, title)];
    if (src.publisher) cite.push(" · ", el("span", { class: "publisher" }, src.publisher));
    if (src.published_at) {
      cite.push(" · ", el("time", { datetime: src.published_at }, src.published_at));
    }
    const rating = st.rating ? el("p", { class: "rating" }, `Published rating: ${st.rating.label}`)
      : null;
    return el(
      "li",
      { class: `card s-${item.stance}` },
      el("p", { class: "stance" },
        `${STANCES[item.stance] || item.stance} · ${item.stance_score.toFixed(2)}`),
      el("blockquote", { lang: st.language }, st.text),
      st.quote ? el("p", { class: "quote", lang: "ko" }, st.quote) : null,
      rating,
      el("p", { class: "source" }, cite),
      item.reasons.length
        ? el("ul", { class: "reasons", "aria-label": "Reasons" },
          item.reasons.map((r) => el("li", {}, reasonText(r))))
        : null,
    );
  }

  function showClaim(result) {
    $("article-result").hidden = true;
    const badge = $("verdict");
    badge.className = `badge v-${result.verdict}`;
    badge.textContent = VERDICTS[result.verdict] || result.verdict;
    $("confidence").value = result.confidence;
    $("confidence-text").textContent = `${Math.round(result.confidence * 100)}%`;
    $("summary").textContent = result.summary;
    $("evidence").replaceChildren(...result.evidence.map(evidenceCard));
    $("no-evidence").hidden = result.evidence.length > 0;
    $("claimreview-json").textContent = "";
    $("copy-claimreview").dataset.claim = result.claim;
    $("claim-result").hidden = false;
    $("verdict-heading").focus();
  }

  function showArticle(text, report) {
    $("claim-result").hidden = true;
    const marked = [];
    let at = 0;
    report.sentences.forEach((s, i) => {
      marked.push(text.slice(at, s.start));
      marked.push(el("a", {
        href: `#sentence-${i}`,
        class: `mark v-${s.verdict || "unchecked"}`,
        "data-index": i,
        title: s.verdict ? VERDICTS[s.verdict] : "Check-worthy, not checked",
      }, text.slice(s.start, s.end)));
      at = s.end;
    });
    marked.push(text.slice(at));
    $("article-text").replaceChildren(...marked);

    $("sentences").replaceChildren(...report.sentences.map((s, i) => {
      const body = el("div", { class: "body" });
      if (s.verdict) {
        body.append(
          el("p", {}, `Confidence ${Math.round(s.confidence * 100)}% · check-worthiness `
            + `${s.checkworthiness.toFixed(2)}`),
          el("p", { class: "summary" }, s.summary),
          s.evidence.length ? el("ol", { class: "cards" }, s.evidence.map(evidenceCard))
            : el("p", { class: "hint" }, "No stored statement is about this sentence."),
          copyButton(s.text),
        );
      } else {
        body.append(el("p", { class: "hint" },
          `Check-worthiness ${s.checkworthiness.toFixed(2)}; not checked (over the per-article `
          + "limit). Check it as a claim to get a verdict."));
      }
      return el("li", { class: "sentence", id: `sentence-${i}` },
        el("details", {}, el("summary", {}, verdictBadge(s.verdict), " ", s.text), body));
    }));
    const heading = $("article-heading");
    heading.textContent = `${report.sentences.length} check-worthy of ${report.sentence_count} `
      + `sentences, ${report.checked} checked`;
    $("article-result").hidden = false;
    heading.focus();
  }

  function copyButton(claim) {
    const pre = el("pre", { tabindex: 0, hidden: true });
    const button = el("button", { type: "button", class: "secondary" }, "Copy ClaimReview JSON-LD");
    button.addEventListener("click", () => copyClaimReview(claim, pre));
    return el("div", { class: "claimreview" }, button, pre);
  }

  async function copyClaimReview(claim, pre) {
    setStatus("Getting the ClaimReview JSON-LD…");
    try {
      const review = await post("/v1/verify", { claim, format: "claimreview" });
      pre.textContent = JSON.stringify(review, null, 2);
      pre.hidden = false;
      try {
        await navigator.clipboard.writeText(pre.textContent);
      } catch (_) {
        // No clipboard permission (or not a secure context): copy the selected text instead.
        const range = document.createRange();
        range.selectNodeContents(pre);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        document.execCommand("copy");
      }
      setStatus("ClaimReview JSON-LD copied to the clipboard.");
    } catch (error) {
      setStatus(explain(error), true);
    }
  }

  async function check(event) {
    if (event) event.preventDefault();
    const text = $("text").value;
    if (!text.trim()) {
      setStatus(mode() === "claim" ? "Type or paste a claim first." : "Paste an article first.",
        true);
      $("text").focus();
      return;
    }
    const button = $("check");
    button.disabled = true;
    setStatus(mode() === "claim" ? "Checking the claim…" : "Checking the article…");
    try {
      if (mode() === "claim") {
        const result = await post("/v1/verify", { claim: text });
        setStatus("");
        showClaim(result);
      } else {
        const report = await post("/v1/articles:check", { text });
        setStatus("");
        showArticle(text, report);
      }
    } catch (error) {
      setStatus(explain(error), true);
      if (error instanceof ProblemError && error.status === 401) $("api-key").focus();
    } finally {
      button.disabled = false;
    }
  }

  function switchMode() {
    const article = mode() === "article";
    $("text-label").textContent = article ? "Article" : "Claim";
    $("text").rows = article ? 12 : 3;
    $("text").placeholder = article
      ? "Paste the article text (up to 50,000 characters)."
      : "xAI launched Grok a year after being founded";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const saved = sessionStorage.getItem(KEY_STORE);
    if (saved) $("api-key").value = saved;
    $("api-key").addEventListener("input", (e) => {
      sessionStorage.setItem(KEY_STORE, e.target.value.trim());
    });
    $("check-form").addEventListener("submit", check);
    $("text").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) check(e);
    });
    document.querySelectorAll('input[name="mode"]').forEach((radio) => {
      radio.addEventListener("change", switchMode);
    });
    $("copy-claimreview").addEventListener("click", (e) => {
      copyClaimReview(e.currentTarget.dataset.claim, $("claimreview-json"));
    });
    $("article-text").addEventListener("click", (e) => {
      const mark = e.target.closest("a.mark");
      if (!mark) return;
      e.preventDefault(); // focus the sentence's verdict rather than jump to the list item
      const item = $(`sentence-${mark.dataset.index}`);
      item.querySelector("details").open = true;
      item.querySelector("summary").focus();
    });
  });
})();
