// FactDesk web desk: one claim or a whole article against the API this page is served by.
// Everything the API returns is put on the page as text (never as HTML), and only http(s)
// links are made clickable. The interface text is in strings.js, one table per language.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const STRINGS = window.FACTDESK_STRINGS || { en: {} };
  const VERDICT_KINDS = ["supported", "refuted", "conflicting", "not_enough_evidence", "unchecked"];
  const KEY_STORE = "factdesk.apiKey";
  const HISTORY_STORE = "factdesk.history";
  const HISTORY_SIZE = 20;
  const SENTENCE_EVIDENCE = 3;

  let lang = "en";
  let generation = 0; // bumped by each check: answers to older checks are dropped
  let article = null; // the article shown: {text, report, publishedAt}

  function pickLanguage() {
    const asked = new URLSearchParams(window.location.search).get("lang");
    const wanted = [asked, ...(navigator.languages || []), navigator.language];
    for (const tag of wanted) {
      const primary = (tag || "").toLowerCase().split("-")[0];
      if (primary && STRINGS[primary]) return primary;
    }
    return "en";
  }

  function t(key, values) {
    const table = STRINGS[lang] || {};
    const template = key in table ? table[key] : (STRINGS.en[key] ?? key);
    return template.replace(/\{(\w+)\}/g, (m, name) =>
      values && name in values ? String(values[name]) : m);
  }

  function number(n) {
    return Number(n).toLocaleString(lang);
  }

  function applyStrings() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-text]").forEach((node) => {
      node.textContent = t(node.dataset.text);
    });
    document.querySelectorAll("[data-aria-label]").forEach((node) => {
      node.setAttribute("aria-label", t(node.dataset.ariaLabel));
    });
    $("tally").setAttribute("aria-label", t("tally.label"));
  }

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
    if (!(error instanceof ProblemError)) return t("error.unreachable", { detail: error.message });
    if (error.status === 401) {
      $("key-box").open = true;
      return t("error.key");
    }
    if (error.status === 403) return t("error.forbidden");
    if (error.status === 429) {
      return error.retryAfter ? t("error.rate", { seconds: error.retryAfter })
        : t("error.rateUnknown");
    }
    return error.message;
  }

  function mode() {
    return document.querySelector('input[name="mode"]:checked').value;
  }

  function limit() {
    const desk = $("desk").dataset;
    const value = Number(mode() === "article" ? desk.maxArticle : desk.maxClaim);
    return Number.isFinite(value) && value > 0 ? value : (mode() === "article" ? 50000 : 1000);
  }

  function verdictLabel(verdict) {
    return t(`verdict.${verdict || "unchecked"}`);
  }

  function verdictBadge(verdict) {
    // A cue besides colour: desk.css gives each verdict its own sign before the label.
    const kind = verdict || "unchecked";
    return el("span", { class: `badge v-${kind}` }, verdictLabel(kind));
  }

  function reasonText(reason) {
    if (reason.text) return reason.text; // the server's sentence for people, when it has one
    const parts = [reason.type.replaceAll("_", " ")];
    if (reason.claim) parts.push(`claim: “${reason.claim}”`);
    if (reason.evidence) parts.push(`evidence: “${reason.evidence}”`);
    if (reason.detail) parts.push(reason.detail);
    return parts.join(" — ");
  }

  // `closest`: the verdict is not-enough-evidence, so a neutral statement is shown as what the
  // store holds nearest the claim, not as evidence with a score.
  function evidenceCard(item, closest) {
    const st = item.statement;
    const src = st.source || {};
    const url = src.url ? safeUrl(src.url) : null;
    const title = src.title || src.url || t("untitled");
    const cite = [url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, title)
      : el("span", { class: "title" }, title)];
    if (src.publisher) cite.push(" · ", el("span", { class: "publisher" }, src.publisher));
    if (src.published_at) {
      cite.push(" · ", el("time", { datetime: src.published_at }, src.published_at));
    }
    const asClosest = closest && item.stance === "neutral";
    const stance = asClosest ? t("stance.closest")
      : `${t(`stance.${item.stance}`)} · ${item.stance_score.toFixed(2)}`;
    return el(
      "li",
      { class: `card s-${asClosest ? "closest" : item.stance}` },
      el("p", { class: "stance" }, stance),
      el("blockquote", { lang: st.language }, st.text),
      st.quote ? el("p", { class: "quote" }, el("span", { class: "label" }, t("quote")), " ",
        el("q", {}, st.quote)) : null,
      st.rating ? el("p", { class: "rating" }, t("rating", { label: st.rating.label })) : null,
      el("p", { class: "source" }, cite),
      item.reasons.length
        ? el("ul", { class: "reasons", "aria-label": t("reasons") },
          item.reasons.map((r) => el("li", {}, reasonText(r))))
        : null,
    );
  }

  function clearResults() {
    $("claim-result").hidden = true;
    $("article-result").hidden = true;
    $("evidence").replaceChildren();
    $("claimreview-json").textContent = "";
    $("sentences").replaceChildren();
    $("article-text").replaceChildren();
    $("tally").replaceChildren();
    article = null;
  }

  function showClaim(result, claimDate) {
    const badge = $("verdict");
    badge.className = `badge v-${result.verdict}`;
    badge.textContent = verdictLabel(result.verdict);
    $("checked-claim").textContent = result.claim;
    $("checked-date").textContent = claimDate || "";
    $("checked-date").hidden = !claimDate;
    $("checked-date-label").hidden = !claimDate;
    $("verdict-explain").textContent = t(`explain.${result.verdict}`);
    // `evidence_role` is newer than some servers: the verdict alone says it too.
    const undecided = result.verdict === "not_enough_evidence"
      || result.evidence_role === "closest";
    $("confidence-row").hidden = undecided; // no confident-looking bar without a verdict
    $("confidence").value = result.confidence;
    $("confidence-text").textContent = `${Math.round(result.confidence * 100)}%`;
    $("summary").textContent = result.summary;
    $("evidence-heading").textContent = undecided ? t("closest") : t("evidence");
    $("evidence").replaceChildren(...result.evidence.map((e) => evidenceCard(e, undecided)));
    $("no-evidence").hidden = result.evidence.length > 0;
    $("claimreview-json").textContent = "";
    const copy = $("copy-claimreview");
    copy.dataset.claim = result.claim;
    copy.dataset.claimDate = claimDate || "";
    $("claim-result").hidden = false;
    $("verdict-heading").focus();
  }

  function tallyOf(sentences) {
    const counts = Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0]));
    sentences.forEach((s) => { counts[s.verdict || "unchecked"] += 1; });
    return counts;
  }

  function tallyItems(counts) {
    return VERDICT_KINDS.filter((k) => counts[k] > 0).map((k) =>
      el("li", { "data-verdict": k }, verdictBadge(k), " ", el("span", { class: "count" },
        number(counts[k]))));
  }

  function renderTally() {
    $("tally").replaceChildren(...tallyItems(tallyOf(article.report.sentences)));
  }

  function markTitle(s) {
    return verdictLabel(s.verdict);
  }

  function sentenceBody(s, i) {
    const body = el("div", { class: "body" });
    if (!s.verdict) {
      const button = el("button", { type: "button", class: "secondary check-sentence" },
        t("sentence.check"));
      button.addEventListener("click", () => checkSentence(i));
      body.append(el("p", { class: "hint" }, t("sentence.unchecked")), button);
      return body;
    }
    const undecided = s.verdict === "not_enough_evidence";
    const parts = [
      el("p", { class: "explain" }, t(`explain.${s.verdict}`)),
      undecided ? null : el("p", {}, t("sentence.confidence",
        { confidence: `${Math.round(s.confidence * 100)}%` })),
      el("p", { class: "summary" }, s.summary),
      s.evidence.length
        ? [el("h4", {}, undecided ? t("closest") : t("evidence")),
          el("ol", { class: "cards" }, s.evidence.map((e) => evidenceCard(e, undecided)))]
        : el("p", { class: "hint" }, t("noEvidenceSentence")),
      copyButton({ claim: s.text, claimDate: article.publishedAt }),
    ];
    body.append(...parts.flat().filter(Boolean));
    return body;
  }

  function sentenceItem(s, i) {
    return el("li", { class: "sentence", id: `sentence-${i}` },
      el("details", {}, el("summary", {}, verdictBadge(s.verdict), " ", s.text),
        sentenceBody(s, i)));
  }

  function legendItems() {
    return VERDICT_KINDS.map((k) => el("li", {}, verdictBadge(k), " ",
      el("span", { class: `mark sample v-${k}` }, t(`legend.${k}`))));
  }

  function showArticle(text, report, publishedAt) {
    article = { text, report, publishedAt };
    const marked = [];
    let at = 0;
    report.sentences.forEach((s, i) => {
      marked.push(text.slice(at, s.start));
      marked.push(el("a", {
        href: `#sentence-${i}`,
        class: `mark v-${s.verdict || "unchecked"}`,
        "data-index": i,
        title: markTitle(s),
      }, text.slice(s.start, s.end)));
      at = s.end;
    });
    marked.push(text.slice(at));
    $("article-text").replaceChildren(...marked);
    $("sentences").replaceChildren(...report.sentences.map(sentenceItem));
    $("legend").replaceChildren(...legendItems());
    renderTally();
    $("article-date").textContent = publishedAt ? t("article.date", { date: publishedAt })
      : t("article.noDate");
    const heading = $("article-heading");
    heading.textContent = t("article.heading", {
      worthy: number(report.sentences.length),
      total: number(report.sentence_count),
      checked: number(report.checked),
    });
    $("article-result").hidden = false;
    heading.focus();
  }

  async function checkSentence(i) {
    const shown = article;
    const s = shown.report.sentences[i];
    setStatus(t("status.checkingSentence"));
    try {
      const body = { claim: s.text, top_k: SENTENCE_EVIDENCE };
      if (shown.publishedAt) body.claim_date = shown.publishedAt;
      const result = await post("/v1/verify", body);
      if (article !== shown) return; // another check replaced this article meanwhile
      Object.assign(s, {
        verdict: result.verdict,
        confidence: result.confidence,
        summary: result.summary,
        evidence: result.evidence,
      });
      const item = sentenceItem(s, i);
      item.querySelector("details").open = true;
      $(`sentence-${i}`).replaceWith(item);
      const mark = $("article-text").querySelector(`a.mark[data-index="${i}"]`);
      mark.className = `mark v-${s.verdict}`;
      mark.title = markTitle(s);
      renderTally();
      setStatus(t("status.sentenceChecked", { verdict: verdictLabel(s.verdict) }));
      item.querySelector("summary").focus();
    } catch (error) {
      setStatus(explain(error), true);
    }
  }

  function copyButton(request) {
    const pre = el("pre", { tabindex: 0, hidden: true });
    const button = el("button", { type: "button", class: "secondary" }, t("copy"));
    button.addEventListener("click", () => copyClaimReview(request, pre));
    return el("div", { class: "claimreview" }, button, pre);
  }

  // The markup a CMS pastes into a page: the JSON-LD in its script element, with "<" escaped
  // so that no text inside can close the element.
  function scriptElement(review) {
    const json = JSON.stringify(review, null, 2).replace(/</g, "\\u003c");
    return `<script type="application/ld+json">\n${json}\n</script>`;
  }

  async function copyClaimReview(request, pre) {
    setStatus(t("status.gettingReview"));
    try {
      const body = { claim: request.claim, format: "claimreview" };
      if (request.claimDate) body.claim_date = request.claimDate;
      const review = await post("/v1/verify", body);
      pre.textContent = scriptElement(review);
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
      setStatus(t("status.copied"));
    } catch (error) {
      setStatus(explain(error), true);
    }
  }

  function dateValue(id) {
    const value = $(id).value;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  }

  async function check(event) {
    if (event) event.preventDefault();
    const text = $("text").value;
    const current = ++generation;
    clearResults(); // nothing from an earlier check stays on the page
    if (!text.trim()) {
      setStatus(mode() === "claim" ? t("status.emptyClaim") : t("status.emptyArticle"), true);
      $("text").focus();
      return;
    }
    const max = limit();
    if (text.trim().length > max) {
      const count = text.trim().length;
      setStatus(t("status.tooLong",
        { count: number(count), max: number(max), over: number(count - max) }), true);
      $("text").focus();
      return;
    }
    const button = $("check");
    button.disabled = true;
    const claimMode = mode() === "claim";
    setStatus(claimMode ? t("status.checkingClaim") : t("status.checkingArticle"));
    try {
      if (claimMode) {
        const claimDate = dateValue("claim-date");
        const body = { claim: text };
        if (claimDate) body.claim_date = claimDate;
        const result = await post("/v1/verify", body);
        if (current !== generation) return;
        setStatus("");
        showClaim(result, claimDate);
        remember({ mode: "claim", text, date: claimDate, verdict: result.verdict });
      } else {
        const publishedAt = dateValue("published-at");
        const body = { text };
        if (publishedAt) body.published_at = publishedAt;
        const report = await post("/v1/articles:check", body);
        if (current !== generation) return;
        setStatus("");
        showArticle(text, report, publishedAt);
        remember({ mode: "article", text, date: publishedAt, tally: tallyOf(report.sentences) });
      }
    } catch (error) {
      if (current !== generation) return;
      clearResults();
      setStatus(explain(error), true);
      if (error instanceof ProblemError && error.status === 401) $("api-key").focus();
    } finally {
      if (current === generation) button.disabled = false;
    }
  }

  function history() {
    try {
      const items = JSON.parse(localStorage.getItem(HISTORY_STORE) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (_) {
      return [];
    }
  }

  function remember(entry) {
    const items = history().filter((h) => !(h.mode === entry.mode && h.text === entry.text
      && h.date === entry.date));
    items.unshift({ ...entry, at: new Date().toISOString() });
    try {
      localStorage.setItem(HISTORY_STORE, JSON.stringify(items.slice(0, HISTORY_SIZE)));
    } catch (_) {
      // Storage full or refused (private mode): the desk works without a history.
    }
    renderHistory();
  }

  function restore(entry) {
    const radio = document.querySelector(`input[name="mode"][value="${entry.mode}"]`);
    if (!radio) return;
    radio.checked = true;
    switchMode();
    $("text").value = entry.text;
    $(entry.mode === "article" ? "published-at" : "claim-date").value = entry.date || "";
    updateCounter();
    $("text").focus();
  }

  function renderHistory() {
    const items = history();
    $("history-empty").hidden = items.length > 0;
    $("history-clear").hidden = items.length === 0;
    $("history").replaceChildren(...items.map((entry) => {
      const load = el("button", { type: "button", class: "secondary" }, t("history.load"));
      load.addEventListener("click", () => restore(entry));
      const outcome = entry.mode === "article"
        ? el("ul", { class: "tally", "aria-label": t("tally.label") },
          tallyItems(entry.tally || {}))
        : verdictBadge(entry.verdict);
      const when = new Date(entry.at);
      const snippet = entry.text.length > 140 ? `${entry.text.slice(0, 140)}…` : entry.text;
      return el("li", { class: "history-item" },
        el("div", { class: "history-head" },
          el("span", { class: "history-mode" }, t(`history.${entry.mode}`)), outcome,
          el("time", { datetime: entry.at }, Number.isNaN(when.getTime()) ? ""
            : when.toLocaleString(lang))),
        el("p", { class: "history-text" }, snippet),
        load);
    }));
  }

  function updateCounter() {
    const count = $("text").value.trim().length;
    const max = limit();
    const counter = $("text-counter");
    counter.textContent = count > max
      ? t("counter.over", { count: number(count), max: number(max), over: number(count - max) })
      : t("counter", { count: number(count), max: number(max) });
    counter.classList.toggle("over", count > max);
  }

  function switchMode() {
    const articleMode = mode() === "article";
    $("text-label").textContent = articleMode ? t("label.article") : t("label.claim");
    $("text").rows = articleMode ? 12 : 3;
    $("text").placeholder = articleMode
      ? t("placeholder.article", { max: number(limit()) }) : t("placeholder.claim");
    $("claim-date-field").hidden = articleMode;
    $("published-at-field").hidden = !articleMode;
    updateCounter();
  }

  document.addEventListener("DOMContentLoaded", () => {
    lang = pickLanguage();
    applyStrings();
    switchMode();
    renderHistory();
    const saved = sessionStorage.getItem(KEY_STORE);
    if (saved) $("api-key").value = saved;
    $("api-key").addEventListener("input", (e) => {
      sessionStorage.setItem(KEY_STORE, e.target.value.trim());
    });
    $("check-form").addEventListener("submit", check);
    $("text").addEventListener("input", updateCounter);
    $("text").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) check(e);
    });
    document.querySelectorAll('input[name="mode"]').forEach((radio) => {
      radio.addEventListener("change", switchMode);
    });
    $("copy-claimreview").addEventListener("click", (e) => {
      const data = e.currentTarget.dataset;
      copyClaimReview({ claim: data.claim, claimDate: data.claimDate }, $("claimreview-json"));
    });
    $("history-clear").addEventListener("click", () => {
      localStorage.removeItem(HISTORY_STORE);
      renderHistory();
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
