/* Contributor pages (feedback_api/contrib/templates). No framework, no build step.
 * - Sign-in: put the feedback widget's visitor token (localStorage "kb-feedback-visitor", see
 *   theme/assets/kb/feedback.js) into the form, so the service can tell this person's own votes.
 * - Editors: send form[data-kb-submit] as JSON with the CSRF header; show errors in place.
 * - Preview: the service renders and sanitizes; we only insert what it returns. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function visitorToken() {
    try {
      var v = JSON.parse(localStorage.getItem("kb-feedback-visitor") || "null");
      return typeof v === "string" && /^[0-9a-f]{32,128}$/.test(v) ? v : "";
    } catch (e) { return ""; }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, status: r.status, data: data }; },
                           function () { return { ok: false, status: r.status, data: null }; });
    });
  }

  // The page's language: the editor form carries its two messages (data-kb-no-answer, data-kb-unreachable).
  function message(form, res) {
    var e = res.data && res.data.error;
    if (!e) return form.dataset.kbNoAnswer.replace("{status}", res.status);
    var detail = e.details && e.details.errors ? " " + e.details.errors.map(function (x) { return x.problem; }).join(" ") : "";
    return e.message + detail;
  }

  function payload(form) {
    var get = function (n) { var el = form.elements[n]; return el ? el.value : undefined; };
    var kind = form.dataset.kind, body = { body: get("body"), website: get("website") || null };
    if (kind === "revision") return body;
    body.kind = kind;
    if (get("article_id")) body.article_id = get("article_id");
    if (get("question_id")) body.question_id = parseInt(get("question_id"), 10);
    if (get("title")) body.title = get("title");
    if (get("category")) body.category = get("category");
    if (get("lang")) body.lang = get("lang");
    if (get("tags")) body.tags = get("tags").split(",").map(function (t) { return t.trim(); }).filter(Boolean);
    return body;
  }

  function bindEditor(form) {
    var error = form.querySelector("[data-kb-error]"), out = form.querySelector("[data-kb-preview-out]");
    function fail(text) { error.textContent = text; error.hidden = false; }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      error.hidden = true;
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      post(form.dataset.kbSubmit, payload(form)).then(function (res) {
        if (res.ok) { window.location.href = "/contribute/submissions/" + encodeURIComponent(res.data.id); return; }
        button.disabled = false;
        fail(message(form, res));
      }, function () { button.disabled = false; fail(form.dataset.kbUnreachable); });
    });
    var previewButton = form.querySelector("[data-kb-preview]");
    if (previewButton) previewButton.addEventListener("click", function () {
      post("/api/v1/previews", { body: form.elements.body.value }).then(function (res) {
        if (!res.ok) { fail(message(form, res)); return; }
        out.innerHTML = res.data.html; // sanitized by the service (nh3 allow-list)
        out.hidden = false;
      });
    });
  }

  document.querySelectorAll("input[data-kb-visitor]").forEach(function (el) { el.value = visitorToken(); });
  document.querySelectorAll("form[data-kb-submit]").forEach(bindEditor);
})();
