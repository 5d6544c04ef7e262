/* The "Was this helpful?" widget (theme/partials/feedback.html). No framework, no build step.
 * Binds every form[data-kb-feedback] on each page Material shows, instant navigation included
 * (document$). Votes go to POST {api}/votes with a random visitor token kept in localStorage;
 * when the API cannot be reached they wait in a localStorage outbox, sent on the next page
 * load or when the browser comes back online. The visitor's own votes are remembered per article. */
(function () {
  "use strict";
  var VISITOR = "kb-feedback-visitor", VOTES = "kb-feedback-votes", OUTBOX = "kb-feedback-outbox";
  var DAY = 864e5, memory = {}, flushing = false;

  function load(key, fallback) {
    if (key in memory) return memory[key];
    try { var raw = localStorage.getItem(key); return raw ? JSON.parse(raw) : fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); delete memory[key]; } catch (e) { memory[key] = value; }
  }

  function randomHex(bytes) {
    var a = new Uint8Array(bytes), out = "";
    crypto.getRandomValues(a);
    for (var i = 0; i < a.length; i++) out += (a[i] + 256).toString(16).slice(1);
    return out;
  }
  function visitor() {
    var v = load(VISITOR, null);
    if (typeof v !== "string" || !/^[0-9a-f]{32,128}$/.test(v)) save(VISITOR, v = randomHex(16));
    return v;
  }

  // "sent", "failed" (the service refused it for good) or "retry" (unreachable, 5xx, 429, no API there).
  function post(entry) {
    return fetch(entry.api + "/votes", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin",
      keepalive: true, body: JSON.stringify(entry.body)
    }).then(function (r) {
      if (r.ok) return "sent";
      if (r.status >= 500 || r.status === 429 || r.status === 408) return "retry";
      // A 4xx in the service's error shape is final; any other 4xx means no API answers there yet.
      return r.json().then(function (b) { return b && b.error && b.error.code ? "failed" : "retry"; },
                           function () { return "retry"; });
    }, function () { return "retry"; });
  }

  function same(a, b) { return a.api === b.api && a.body.article_id === b.body.article_id; }
  function enqueue(entry) {
    var box = load(OUTBOX, []).filter(function (e) { return !same(e, entry); });
    box.push(entry);
    save(OUTBOX, box.slice(-50));
  }
  function dequeue(entry) {
    save(OUTBOX, load(OUTBOX, []).filter(function (e) { return e.key !== entry.key; }));
  }
  function flush() {
    if (flushing) return;
    var box = load(OUTBOX, []), now = Date.now();
    var fresh = box.filter(function (e) { return e && e.body && now - e.at < 30 * DAY; });
    if (fresh.length !== box.length) save(OUTBOX, fresh);
    if (!fresh.length) return;
    flushing = true;
    (function next(i) {
      if (i >= fresh.length) { flushing = false; return; }
      post(fresh[i]).then(function (result) {
        if (result === "retry") { flushing = false; return; }  // still unreachable: try again later
        dequeue(fresh[i]);
        next(i + 1);
      });
    })(0);
  }

  function vote(form, helpful, reason, comment) {
    var id = form.getAttribute("data-kb-page-id"), lang = form.getAttribute("data-kb-lang");
    var body = { article_id: id, helpful: helpful, visitor: visitor(), page_url: location.origin + location.pathname };
    if (lang === "en" || lang === "zh") body.lang = lang;
    if (!helpful && reason) body.reason = reason;
    if (!helpful && comment && comment.trim()) body.comment = comment;
    try {  // reached from a search result (search.js): the vote teaches search about that query
      var from = JSON.parse(sessionStorage.getItem("kb-search-from"));
      if (from && from.id === id && typeof from.query === "string") body.search_query = from.query;
    } catch (e) { /* ignore */ }
    var entry = { key: randomHex(8), api: (form.getAttribute("data-kb-api") || "/api/v1").replace(/\/+$/, ""),
                  body: body, at: Date.now() };
    // A newer vote supersedes one still waiting in the outbox for this article.
    save(OUTBOX, load(OUTBOX, []).filter(function (e) { return !same(e, entry); }));
    return post(entry).then(function (result) {
      if (result === "retry") { enqueue(entry); result = "queued"; }
      if (result !== "failed") {
        var votes = load(VOTES, {});
        votes[id] = { helpful: helpful, reason: body.reason || null, at: entry.at };
        var ids = Object.keys(votes);
        if (ids.length > 500) ids.sort(function (a, b) { return votes[a].at - votes[b].at; }).slice(0, ids.length - 500)
          .forEach(function (k) { delete votes[k]; });
        save(VOTES, votes);
      }
      return result;
    });
  }

  function bind(form) {
    if (form.kbBound) return;
    form.kbBound = true;
    var strings = {}, steps = {}, pendingNo = null;
    try { strings = JSON.parse(form.getAttribute("data-kb-strings")) || {}; } catch (e) { /* keep defaults */ }
    var status = form.querySelector("[data-kb-status]"), comment = form.querySelector("textarea");
    var counter = form.querySelector("[data-kb-counter]");
    Array.prototype.forEach.call(form.querySelectorAll("[data-kb-step]"), function (el) {
      steps[el.getAttribute("data-kb-step")] = el;
    });
    function show(name) { for (var k in steps) steps[k].hidden = k !== name; }
    function busy(on) {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = on; });
    }
    function done(result) {
      busy(false);
      show(null);
      status.textContent = result === "failed" ? strings.failed
        : result === "queued" ? strings.thanks + " " + strings.queued : strings.thanks;
      status.focus();
    }

    form.addEventListener("click", function (ev) {
      var button = ev.target.closest && ev.target.closest("button");
      if (!button || button.disabled) return;
      var choice = button.getAttribute("data-kb-vote");
      if (choice === "yes") {
        busy(true);
        vote(form, true).then(done);
      } else if (choice === "no") {
        pendingNo = vote(form, false);  // counted now; the reason and comment refine it
        status.textContent = "";
        show("reason");
        form.querySelector("input[name=reason]").focus();
      } else if (button.hasAttribute("data-kb-skip")) {
        busy(true);
        (pendingNo || vote(form, false)).then(done);
      } else if (button.hasAttribute("data-kb-change")) {
        status.textContent = "";
        show("ask");
        form.querySelector("[data-kb-vote=yes]").focus();
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (steps.reason.hidden) return;
      var checked = form.querySelector("input[name=reason]:checked");
      busy(true);
      (pendingNo || Promise.resolve()).then(function () {
        return vote(form, false, checked && checked.value, comment.value);
      }).then(done);
    });
    comment.addEventListener("input", function () {
      counter.textContent = comment.value.length + " / " + comment.maxLength;
      counter.classList.toggle("kb-feedback__counter--near", comment.value.length > comment.maxLength - 100);
    });

    var previous = load(VOTES, {})[form.getAttribute("data-kb-page-id")];
    if (previous) {
      form.querySelector("[data-kb-previous]").textContent = previous.helpful ? strings.yes : strings.no;
      show("previous");
    } else {
      show("ask");
    }
    form.hidden = false;
  }

  function onPage() {
    try {
      Array.prototype.forEach.call(document.querySelectorAll("form[data-kb-feedback]"), bind);
      flush();
    } catch (e) {
      if (window.console) console.error("kb feedback:", e);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
  window.addEventListener("online", flush);
})();
