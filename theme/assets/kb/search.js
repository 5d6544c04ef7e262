/* The help center's search: the header box (as-you-type results) and the results page (#kb-search).
 * No framework, no build step. See docs/search-ui.md.
 *
 * Engines: the service's GET {api}/search when it answers; otherwise (network error, 5xx, a 404 or
 * non-JSON answer because the site is hosted statically) the static index in <site>/static-search/,
 * whose files are fetched only then. Clicks on API results send POST {api}/search/click as a beacon.
 *
 * Material's instant navigation keeps the header (and this script) across pages and swaps the
 * content: the header box is bound once, the results page on every document$ emission, and the page
 * language is read from <meta name="kb-search"> (instant navigation syncs <head>, not <html lang>).
 *
 * Only <mark> survives from snippets (API and static index alike); every other field goes in as text. */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  // This file is <site>/assets/kb/search.js, so the site root is two folders up, wherever it is hosted.
  var SITE = new URL("../../", SCRIPT && SCRIPT.src ? SCRIPT.src : location.href);
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  var DEBOUNCE_MS = 150, DROPDOWN_SIZE = 7, PAGE_SIZE = 10;

  var STRINGS = {
    en: {
      searching: "Searching…", type_more: "Type to start searching", none: "No results for “{q}”",
      one: "1 result", many: "{n} results", results_for: "{n} results for “{q}”", result_for: "1 result for “{q}”",
      all: "See all results for “{q}”", did_you_mean: "Did you mean", unavailable: "Search is unavailable right now.",
      static_note: "The search service is not reachable; these results come from the offline index (every word must appear on the page).",
      prev: "Previous", next: "Next", page: "Page {p} of {n}", filters: "Filter results", clear: "Clear filters",
      type: "Type", category: "Category", tag: "Tag", lang: "Language", any: "All",
      enter_query: "Enter a search term above.", results: "Search results", also_in: "Also in",
      weak: "No article answers “{q}” well. The closest matches are below.", ask: "Ask this question",
      ask_none: "Nothing answers “{q}” yet.",
      types: { article: "Article", runbook: "Runbook", incident: "Incident review", release: "Release notes", page: "Page" }
    },
    zh: {
      searching: "正在搜索…", type_more: "输入关键词开始搜索", none: "没有找到与“{q}”相关的结果",
      one: "1 条结果", many: "{n} 条结果", results_for: "“{q}”共 {n} 条结果", result_for: "“{q}”共 1 条结果",
      all: "查看“{q}”的全部结果", did_you_mean: "您是不是要找", unavailable: "搜索服务暂时不可用。",
      static_note: "无法连接搜索服务，以下结果来自离线索引（页面须包含全部关键词）。",
      prev: "上一页", next: "下一页", page: "第 {p} / {n} 页", filters: "筛选结果", clear: "清除筛选",
      type: "类型", category: "分类", tag: "标签", lang: "语言", any: "全部",
      enter_query: "请在上方输入搜索词。", results: "搜索结果", also_in: "其他语言：",
      weak: "没有文章能很好地回答“{q}”，下面是最接近的结果。", ask: "提出这个问题",
      ask_none: "目前还没有内容回答“{q}”。",
      types: { article: "文章", runbook: "运维手册", incident: "事故复盘", release: "版本说明", page: "页面" }
    }
  };
  var LANG_NAMES = { en: "English", zh: "中文" };

  function fmt(s, vars) { return s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] != null ? vars[k] : ""; }); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function readJSON(node) { try { return node ? JSON.parse(node.textContent || node.content) : null; } catch (e) { return null; } }

  // -- page facts ------------------------------------------------------------------------------
  function info() {
    var meta = document.querySelector('meta[name="kb-search"]');
    var m = meta ? readJSON({ content: meta.getAttribute("content") }) : null;
    m = m || {};
    var cfg = readJSON(document.getElementById("kb-config")) || {};
    return {
      lang: m.lang || document.documentElement.lang || "en",
      defaultLang: m.default_lang || "en",
      langs: m.langs || ["en"],
      statik: m.static || "index",
      api: (cfg.api || "/api/v1").replace(/\/+$/, "")
    };
  }
  function t(lang) { return STRINGS[lang] || STRINGS.en; }
  function apiBase() { return new URL(info().api + "/", SITE); }
  /* The contributor portal's "contribute an article" form, its title pre-filled with the question. */
  function askUrl(q, lang) {
    var u = new URL(info().api.replace(/\/api\/v\d+$/, "") + "/contribute/new", SITE);
    u.search = new URLSearchParams({ title: q.slice(0, 200), lang: lang }).toString();
    return u.href;
  }
  function resultsPageUrl(lang, params) {
    var i = info();
    var prefix = lang && lang !== i.defaultLang && i.langs.indexOf(lang) >= 0 ? lang + "/" : "";
    var u = new URL(prefix + "search/", SITE);
    if (params) u.search = params.toString();
    return u;
  }
  function guessLang(q, fallback) { return CJK.test(q) ? "zh" : fallback; }

  // -- snippets: keep text and <mark>, nothing else ----------------------------------------------
  function safeSnippet(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = String(html || "");  // inert: nothing in a template runs or loads
    var out = document.createDocumentFragment();
    (function walk(node, into) {
      for (var c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) into.appendChild(document.createTextNode(c.nodeValue));
        else if (c.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT)$/.test(c.tagName)) {
          if (c.tagName === "MARK") { var m = document.createElement("mark"); walk(c, m); into.appendChild(m); }
          else walk(c, into);
        }
      }
    })(tpl.content, out);
    return out;
  }

  // -- engine 1: the API -------------------------------------------------------------------------
  var apiState = { until: 0 };
  function Unreachable(why) { this.name = "Unreachable"; this.message = why; }

  function apiSearch(params, signal) {
    if (Date.now() < apiState.until) return Promise.reject(new Unreachable("recently unreachable"));
    var u = new URL("search", apiBase());
    u.search = params.toString();
    function down(ms, why) { apiState.until = Date.now() + ms; throw new Unreachable(why); }
    return fetch(u.href, { signal: signal, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        var json = (r.headers.get("content-type") || "").indexOf("json") >= 0;
        if (r.status === 404 || !json) down(10 * 60e3, "no API here (" + r.status + ")");  // static hosting
        if (r.status >= 500) down(30e3, "API error " + r.status);
        if (!r.ok) throw new Unreachable("API refused " + r.status);  // 400/429: static search for this query
        return r.json();
      }, function (e) {
        if (e && e.name === "AbortError") throw e;
        down(30e3, "network error");
      })
      .then(function (body) {
        body.engine = "api";
        body.results.forEach(function (r) {
          var href = new URL(r.url, SITE);
          if (r.section && r.section.anchor) href.hash = r.section.anchor;
          r.href = href.href;
          (r.also_in || []).forEach(function (o) { o.href = new URL(o.url, SITE).href; });
        });
        return body;
      });
  }

  // The feedback widget's random visitor token (feedback.js): the service keeps only a keyed hash of
  // it with the query, to count each visitor once when it learns from clicks. None yet: none sent.
  function visitorToken() {
    try {
      var v = JSON.parse(localStorage.getItem("kb-feedback-visitor"));
      return typeof v === "string" && /^[0-9a-f]{32,128}$/.test(v) ? v : undefined;
    } catch (e) { return undefined; }
  }

  function beacon(result) {
    if (!result || result.engine !== "api") return;
    var url = new URL("search/click", apiBase()).href;
    var body = JSON.stringify({ query: result.query.slice(0, 500), result_id: result.id, position: result.position,
                                lang: result.lang || undefined, visitor: visitorToken() });
    // The page's helpful vote tells the service which search it answered (feedback.js).
    try { sessionStorage.setItem("kb-search-from", JSON.stringify({ id: result.id, query: result.query.slice(0, 500) })); } catch (e) { /* ignore */ }
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: "application/json" }))) return;
    } catch (e) { /* fall through */ }
    try { fetch(url, { method: "POST", body: body, headers: { "Content-Type": "application/json" }, keepalive: true, credentials: "same-origin" }).catch(function () {}); } catch (e) { /* ignore */ }
  }

  // -- engine 2: the static index (<site>/static-search/, generator/static_search/bundle.py) ----------
  // Terms are cut as generator/static_search/terms.py cuts them; change both together.
  var TOKEN = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)|((?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])[\p{L}\p{N}])+)/gu;
  var KEY_CHARS = 3, MAX_TERMS = 12, EXCERPT_WORDS = 24, EXCERPT_CJK = 60;
  var ix = { meta: null, shards: {}, docs: {}, facets: null };

  /* meta.json is asked for again each visit (no-cache: a 304 when unchanged); the other files carry
     its version, so a rebuilt site never mixes old shards with new ones. */
  function ixFetch(path, version) {
    var u = new URL("static-search/" + path, SITE);
    if (version) u.search = "v=" + encodeURIComponent(version);
    return fetch(u.href, { credentials: "same-origin", cache: version ? "default" : "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error("static index: " + r.status + " for " + path);
      return r.json();
    });
  }
  function cached(store, key, path, version) {
    if (!store[key]) {
      store[key] = ixFetch(path, version);
      store[key].catch(function () { delete store[key]; });
    }
    return store[key];
  }
  function ixMeta() {
    if (!ix.meta) { ix.meta = ixFetch("meta.json"); ix.meta.catch(function () { ix.meta = null; }); }
    return ix.meta;
  }
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }
  function shardOf(term, shards) { return fnv1a(Array.from(term).slice(0, KEY_CHARS).join("")) % shards; }

  /* The query's words, each a list of terms that must all match: a Latin word is one term (the last
     one also matches as a prefix); a CJK run its overlapping pairs (one character: itself). */
  function queryWords(q) {
    var words = [], m;
    q = q.normalize("NFKC").toLowerCase();
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(q))) {
      if (m[2]) { words.push({ terms: [m[2]], text: m[2], cjk: false }); continue; }
      var chars = Array.from(m[1]), terms = [];
      if (chars.length === 1) terms.push(chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
      words.push({ terms: terms, text: m[1], cjk: true });
    }
    if (words.length && !words[words.length - 1].cjk && Array.from(words[words.length - 1].text).length >= KEY_CHARS) {
      words[words.length - 1].prefix = true;
    }
    // A pasted paragraph would fetch a shard per word: the first MAX_TERMS terms decide.
    var left = MAX_TERMS;
    return words.filter(function (w) {
      w.terms = w.terms.slice(0, left);
      left -= w.terms.length;
      return w.terms.length > 0;
    });
  }

  /* {doc: score} for one term; for a prefix, each document scores its best-scoring expansion. */
  function postings(shard, term, prefix) {
    var out = {};
    Object.keys(shard).forEach(function (t) {
      if (t !== term && !(prefix && t.lastIndexOf(term, 0) === 0)) return;
      var flat = shard[t], doc = 0;
      for (var i = 0; i < flat.length; i += 2) {
        doc += flat[i];
        if (!(doc in out) || out[doc] < flat[i + 1]) out[doc] = flat[i + 1];
      }
    });
    return out;
  }

  function langOf(meta, doc) {
    for (var l in meta.langs) if (doc >= meta.langs[l][0] && doc < meta.langs[l][1]) return l;
    return null;
  }

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  /* Where the query's words are in ``text``: whole words for Latin ones (the last one as a prefix), any
     occurrence for CJK ones; sorted, without overlaps. */
  function matchRanges(text, words) {
    var low = text.toLowerCase(), ranges = [], m;
    if (low.length !== text.length) low = text;  // a rare letter whose lower case is longer: no case folding
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(low))) {
      if (!m[2]) continue;
      var word = m[2];
      if (words.some(function (w) { return !w.cjk && (w.prefix ? word.lastIndexOf(w.text, 0) === 0 : word === w.text); })) {
        ranges.push([m.index, m.index + word.length]);
      }
    }
    words.forEach(function (w) {
      if (!w.cjk) return;
      for (var i = low.indexOf(w.text); i >= 0; i = low.indexOf(w.text, i + w.text.length)) ranges.push([i, i + w.text.length]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return ranges.filter(function (r, i) { return i === 0 || r[0] >= ranges[i - 1][1]; });
  }

  /* A window of the page's text around the first query word found, the words in <mark>; every
     other character escaped (safeSnippet then keeps only the marks). */
  function excerpt(text, words) {
    var ranges = matchRanges(text, words), at = ranges.length ? ranges[0][0] : 0, start, end;
    if (CJK.test(text.charAt(at))) {
      start = Math.max(0, at - EXCERPT_CJK / 3);
      end = Math.min(text.length, start + EXCERPT_CJK);
    } else {
      var before = text.slice(0, at).split(" ");
      start = Math.max(0, at - before.slice(-Math.floor(EXCERPT_WORDS / 3)).join(" ").length);
      end = Math.min(text.length, start + text.slice(start).split(" ").slice(0, EXCERPT_WORDS).join(" ").length);
    }
    var html = "", i = start;
    ranges.forEach(function (r) {
      if (r[0] < i || r[1] > end) return;
      html += escapeHTML(text.slice(i, r[0])) + "<mark>" + escapeHTML(text.slice(r[0], r[1])) + "</mark>";
      i = r[1];
    });
    html += escapeHTML(text.slice(i, end));
    return (start > 0 ? "… " : "") + html + (end < text.length ? " …" : "");
  }

  /* The section ([offset, anchor, title]) holding the first match in the text, if any. */
  function sectionAt(sections, text, words) {
    var ranges = matchRanges(text, words), found = null;
    if (!ranges.length || !Array.isArray(sections)) return null;
    sections.forEach(function (s) {
      if (Array.isArray(s) && typeof s[0] === "number" && s[0] <= ranges[0][0]) found = { anchor: String(s[1]), title: String(s[2]) };
    });
    return found;
  }

  function indexSearch(q, opts) {
    var prefer = opts.lang || guessLang(q, info().lang), words = queryWords(q);
    return ixMeta().then(function (meta) {
      var need = {};
      words.forEach(function (w) { w.terms.forEach(function (t) { need[shardOf(t, meta.shards)] = true; }); });
      var ids = Object.keys(need);
      var wantFacets = opts.facets || opts.type || opts.category;
      return Promise.all(ids.map(function (n) { return cached(ix.shards, n, "terms/" + n + ".json", meta.version); }).concat(
        [wantFacets ? cached(ix, "facets", "facets.json", meta.version) : null]
      )).then(function (got) {
        var shards = {};
        ids.forEach(function (n, i) { shards[n] = got[i]; });
        var facetCodes = got[ids.length];
        // Every term of every word must match (the results page says so): scores add up.
        var scores = null;
        words.forEach(function (w) {
          w.terms.forEach(function (t) {
            var p = postings(shards[shardOf(t, meta.shards)] || {}, t, w.prefix && w.terms.length === 1);
            if (scores === null) { scores = p; return; }
            var next = {};
            for (var d in scores) if (d in p) next[d] = scores[d] + p[d];
            scores = next;
          });
        });
        var matched = Object.keys(scores || {}).map(Number);
        function value(facet, d) { return facetCodes ? meta.facets[facet][facetCodes[facet][d]] : null; }
        function keep(d, except) {
          if (opts.lang && except !== "lang" && langOf(meta, d) !== opts.lang) return false;
          if (opts.type && except !== "type" && value("type", d) !== opts.type) return false;
          if (opts.category && except !== "category" && value("category", d) !== opts.category) return false;
          return true;
        }
        var hits = matched.filter(function (d) { return keep(d, null); });
        // The reader's language first (as the API), then by score; ties in document order.
        hits.sort(function (a, b) {
          var la = langOf(meta, a) === prefer ? 0 : 1, lb = langOf(meta, b) === prefer ? 0 : 1;
          return la - lb || scores[b] - scores[a] || a - b;
        });
        // Each count is of the matches the other filters keep, so a value's count is what it lists.
        var facets = { type: {}, category: {}, lang: {} };
        info().langs.forEach(function (l) { facets.lang[l] = 0; });
        matched.forEach(function (d) {
          if (keep(d, "lang")) { var l = langOf(meta, d); facets.lang[l] = (facets.lang[l] || 0) + 1; }
          if (!facetCodes) return;
          ["type", "category"].forEach(function (f) {
            var v = value(f, d);
            if (v && keep(d, f)) facets[f][v] = (facets[f][v] || 0) + 1;
          });
        });
        var from = (opts.page - 1) * opts.perPage, slice = hits.slice(from, from + opts.perPage);
        return Promise.all(slice.map(function (d) { return cached(ix.docs, d, "docs/" + d + ".json", meta.version); })).then(function (docs) {
          return {
            engine: "index", query: q, total: hits.length, page: opts.page, per_page: opts.perPage,
            suggestion: null, facets: opts.facets ? facets : null, lang: opts.lang || null,
            results: docs.map(function (doc, i) {
              var text = String(doc.text || ""), title = String(doc.title || doc.url), href = new URL(String(doc.url || ""), SITE);
              if (href.origin !== SITE.origin) href = new URL(SITE.href);  // only ever a page of this site
              var sec = sectionAt(doc.sections, text, words);
              if (sec) href.hash = sec.anchor;
              return {
                id: doc.id || String(slice[i]), type: doc.type || null, title: title, lang: doc.lang || null,
                category: doc.category || null, snippet: excerpt(text, words),
                section: sec && sec.title !== title ? { title: sec.title } : null, href: href.href
              };
            })
          };
        });
      });
    });
  }

  /* One search through whichever engine answers. opts: {q, type, category, tag, lang, page, perPage, signal}. */
  function search(opts) {
    var p = new URLSearchParams();
    p.set("q", opts.q);
    ["lang", "type", "category", "tag"].forEach(function (k) { if (opts[k]) p.set(k, opts[k]); });
    // Always the page's language: results in it come first, a translation is folded into one result.
    p.set("reader_lang", info().lang);
    if (opts.page > 1) p.set("page", String(opts.page));
    p.set("per_page", String(opts.perPage));
    return apiSearch(p, opts.signal).catch(function (e) {
      if (!(e instanceof Unreachable)) throw e;
      if (info().statik !== "index") throw e;
      return indexSearch(opts.q, opts);
    }).then(function (body) {
      body.results.forEach(function (r, i) {
        r.engine = body.engine;
        r.query = opts.q;
        r.position = (opts.page - 1) * opts.perPage + i + 1;
      });
      return body;
    });
  }

  // -- rendering shared by the dropdown and the results page ------------------------------------
  function resultBody(r, into, lang, withMeta) {
    var s = t(lang);
    into.appendChild(el("span", "kb-result__title", r.title));
    if (withMeta) {
      var bits = [];
      if (r.type) bits.push(s.types[r.type] || r.type);
      if (r.category) bits.push(labelFor("category", r.category));
      if (r.lang && r.lang !== lang) bits.push(LANG_NAMES[r.lang] || r.lang);
      if (bits.length) into.appendChild(el("span", "kb-result__meta", bits.join(" · ")));
    }
    if (r.section && r.section.title) into.appendChild(el("span", "kb-result__section", r.section.title));
    if (r.snippet) {
      var sn = el("span", "kb-result__snippet");
      sn.appendChild(safeSnippet(r.snippet));
      into.appendChild(sn);
    }
  }

  /* "Also in English / 中文": the same article in another language (an article and its translation
     are one result). Beside the result's link, not inside it: links do not nest. */
  function alsoIn(r, lang) {
    if (!r.also_in || !r.also_in.length) return null;
    var also = el("p", "kb-result__also", t(lang).also_in + " ");
    r.also_in.forEach(function (o, i) {
      if (i) also.appendChild(document.createTextNode(" / "));
      var a = el("a", "kb-result__also-link", LANG_NAMES[o.lang] || o.lang || o.title);
      a.href = o.href;
      if (o.lang) a.hreflang = o.lang;
      also.appendChild(a);
    });
    return also;
  }

  var labels = { category: {}, tag: {} };
  function labelFor(facet, value) {
    if (facet === "lang") return LANG_NAMES[value] || value;
    if (facet === "type") return t(info().lang).types[value] || value;
    return (labels[facet] && labels[facet][value]) || value;
  }

  function go(href) {
    // Through Material's instant navigation when it is on (it takes over clicks on site links).
    var a = document.createElement("a");
    a.href = href;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // -- the header box: an ARIA 1.2 combobox with a listbox popup ---------------------------------
  function bindHeader(box) {
    if (box.getAttribute("data-kb-bound")) return;
    box.setAttribute("data-kb-bound", "1");
    var form = box.querySelector("form"), input = box.querySelector("input[name=q]");
    var list = box.querySelector('[role="listbox"]'), status = box.querySelector('[role="status"]');
    var toggle = document.getElementById("__search");
    var timer = 0, ctrl = null, seq = 0, active = -1, items = [], lastQuery = null;

    function setToggle(on) {
      if (!toggle || toggle.checked === on) return;
      toggle.checked = on;
      toggle.dispatchEvent(new CustomEvent("change"));
    }
    function options() { return list.querySelectorAll('[role="option"]'); }
    function setActive(i) {
      var opts = options();
      if (!opts.length) i = -1;
      else if (i < -1) i = opts.length - 1;
      else if (i >= opts.length) i = -1;
      active = i;
      for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function open(on) {
      input.setAttribute("aria-expanded", on ? "true" : "false");
      box.classList.toggle("kb-hsearch--open", on);
    }
    function clear() {
      list.textContent = "";
      items = [];
      setActive(-1);
      open(false);
    }
    function render(body, q) {
      var lang = info().lang, s = t(lang);
      list.textContent = "";
      items = body.results;
      body.results.forEach(function (r, i) {
        var li = el("li", "kb-hsearch__item");
        li.id = "kb-hsearch-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = el("a", "kb-result");
        a.href = r.href;
        a.tabIndex = -1;
        a.setAttribute("data-kb-position", String(r.position));
        a.addEventListener("click", function () { beacon(r); setToggle(false); });
        resultBody(r, a, lang, false);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (body.total > body.results.length) {
        var li = el("li", "kb-hsearch__item kb-hsearch__all");
        li.id = "kb-hsearch-opt-all";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = el("a", "kb-result", fmt(s.all, { q: q }));
        a.href = resultsPageUrl(lang, new URLSearchParams({ q: q })).href;
        a.tabIndex = -1;
        a.addEventListener("click", function () { setToggle(false); });
        li.appendChild(a);
        list.appendChild(li);
      }
      box.setAttribute("data-kb-engine", body.engine);
      status.textContent = body.total === 0 ? fmt(s.none, { q: q }) : body.total === 1 ? s.one : fmt(s.many, { n: body.total });
      setActive(-1);
      open(body.results.length > 0);
    }
    function run() {
      var q = input.value.trim(), s = t(info().lang);
      if (q === lastQuery) return;
      lastQuery = q;
      if (ctrl) ctrl.abort();
      ctrl = null;
      var mine = ++seq;
      if (!q) { clear(); status.textContent = s.type_more; return; }
      ctrl = typeof AbortController !== "undefined" ? new AbortController() : null;
      status.textContent = s.searching;
      search({ q: q, page: 1, perPage: DROPDOWN_SIZE, signal: ctrl && ctrl.signal }).then(function (body) {
        if (mine === seq) render(body, q);
      }, function (e) {
        if (mine !== seq || (e && e.name === "AbortError")) return;
        clear();
        status.textContent = s.unavailable;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("focus", function () {
      setToggle(true);
      if (!input.value.trim()) status.textContent = t(info().lang).type_more;
    });
    input.addEventListener("keydown", function (e) {
      if (e.isComposing || e.keyCode === 229) return;  // an IME (Chinese input) is still composing
      switch (e.key) {
        case "ArrowDown":
        case "ArrowUp":
          if (!options().length) return;
          e.preventDefault();
          open(true);
          setActive(active + (e.key === "ArrowDown" ? 1 : -1));
          break;
        case "Enter":
          if (active >= 0) {
            e.preventDefault();
            var a = options()[active].querySelector("a");
            if (a) a.click();
          }
          break;  // otherwise the form is submitted: the results page
        case "Escape":
          e.preventDefault();
          if (active >= 0) setActive(-1);
          else if (box.classList.contains("kb-hsearch--open")) open(false);
          else { setToggle(false); input.blur(); }
          break;
        case "Tab":
          setToggle(false);
          break;
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = input.value.trim();
      if (!q) return;
      clearTimeout(timer);
      setToggle(false);
      input.blur();
      openResults(q);
    });
    form.addEventListener("reset", function () {
      lastQuery = null;
      clear();
      status.textContent = t(info().lang).type_more;
      setTimeout(function () { input.focus(); }, 0);
    });
    if (toggle) toggle.addEventListener("change", function () {
      if (toggle.checked) { if (document.activeElement !== input) setTimeout(function () { input.focus(); }, 50); }
      else { open(false); setActive(-1); }
    });
    // Material's shortcuts, which its own search box had: "/", "s" or "f" focus the box.
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var tgt = e.target;
      if (tgt && (tgt.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(tgt.tagName))) return;
      if (e.key === "/" || e.key === "s" || e.key === "f") {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  function openResults(q) {
    var lang = info().lang;
    var here = document.getElementById("kb-search");
    if (here && here.__kb) {
      here.__kb.navigate({ q: q }, true);
      return;
    }
    go(resultsPageUrl(lang, new URLSearchParams({ q: q })).href);
  }

  // -- the results page ---------------------------------------------------------------------------
  var FACETS = ["type", "category", "tag", "lang"];

  function bindResults(root) {
    if (root.__kb) return;
    var lang = root.getAttribute("data-lang") || info().lang, s = t(lang);
    var form = root.querySelector("form"), input = root.querySelector("input[name=q]");
    var facetsBox = root.querySelector(".kb-search__facets"), out = root.querySelector(".kb-search__results");
    var extra = readJSON({ content: root.getAttribute("data-labels") || "null" });
    if (extra) { labels.category = extra.category || {}; labels.tag = extra.tag || {}; }
    var ctrl = null, seq = 0, state = readState();
    facetsBox.setAttribute("aria-label", s.filters);
    facetsBox.setAttribute("role", "region");

    function readState() {
      var p = new URLSearchParams(location.search), st = { q: (p.get("q") || "").trim(), page: Math.max(1, parseInt(p.get("page"), 10) || 1) };
      FACETS.forEach(function (k) { st[k] = p.get(k) || ""; });
      return st;
    }
    function params(st) {
      var p = new URLSearchParams();
      if (st.q) p.set("q", st.q);
      FACETS.forEach(function (k) { if (st[k]) p.set(k, st[k]); });
      if (st.page > 1) p.set("page", String(st.page));
      return p;
    }
    function navigate(change, push) {
      var next = Object.assign({}, state, change);
      if (!("page" in change)) next.page = 1;
      if ("q" in change) FACETS.forEach(function (k) { if (!(k in change)) next[k] = ""; });
      state = next;
      var u = new URL(location.href);
      u.search = params(state).toString();
      if (push) history.pushState(history.state, "", u.href);
      run();
    }
    root.__kb = { navigate: navigate };

    function facetGroup(name, counts, body) {
      counts = counts || {};
      var keys = Object.keys(counts).filter(function (k) { return counts[k] !== 0 || state[name] === k; });
      if (name !== "lang") keys.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0); });
      if (state[name] && keys.indexOf(state[name]) < 0) keys.unshift(state[name]);
      if (!keys.length) return null;
      var sec = el("section", "kb-facet");
      sec.setAttribute("data-facet", name);
      var id = "kb-facet-" + name;
      var h = el("h2", "kb-facet__title", s[name]);
      h.id = id;
      sec.appendChild(h);
      var ul = el("ul", "kb-facet__list");
      ul.setAttribute("aria-labelledby", id);
      keys.slice(0, name === "tag" ? 12 : 20).forEach(function (value) {
        var li = el("li");
        var b = el("button", "kb-facet__value");
        b.type = "button";
        var on = state[name] === value || (name === "lang" && !state.lang && body.engine !== "api" && body.lang === value);
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.setAttribute("data-value", value);
        b.appendChild(el("span", "kb-facet__label", labelFor(name, value)));
        if (counts && counts[value] != null) b.appendChild(el("span", "kb-facet__count", String(counts[value])));
        b.addEventListener("click", function () {
          var ch = {};
          ch[name] = on && state[name] === value ? "" : value;
          navigate(ch, true);
        });
        li.appendChild(b);
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      return sec;
    }

    var facetsOpen = false;
    function renderFacets(body) {
      facetsBox.textContent = "";
      var any = false, active = FACETS.filter(function (k) { return state[k]; }).length;
      // Phones: the filters fold behind one button so the results stay on the first screen.
      var toggle = el("button", "md-button kb-facets__toggle", s.filters + (active ? " (" + active + ")" : ""));
      toggle.type = "button";
      toggle.id = "kb-facets-toggle";
      toggle.setAttribute("aria-expanded", facetsOpen ? "true" : "false");
      toggle.addEventListener("click", function () {
        facetsOpen = !facetsOpen;
        toggle.setAttribute("aria-expanded", facetsOpen ? "true" : "false");
        facetsBox.classList.toggle("kb-search__facets--open", facetsOpen);
      });
      facetsBox.appendChild(toggle);
      facetsBox.classList.toggle("kb-search__facets--open", facetsOpen);
      FACETS.forEach(function (name) {
        var counts = body.facets && body.facets[name];
        if (name === "tag" && body.engine !== "api") return;
        var g = facetGroup(name, counts, body);
        if (g) { facetsBox.appendChild(g); any = true; }
      });
      if (FACETS.some(function (k) { return state[k]; })) {
        var b = el("button", "md-button kb-facet__clear", s.clear);
        b.type = "button";
        b.addEventListener("click", function () { navigate({ type: "", category: "", tag: "", lang: "" }, true); });
        facetsBox.appendChild(b);
      }
      facetsBox.hidden = !any;
    }

    function render(body) {
      out.textContent = "";
      root.setAttribute("data-kb-engine", body.engine);
      var head = el("p", "kb-search__summary");
      head.setAttribute("role", "status");
      head.textContent = body.total === 0 ? fmt(s.none, { q: state.q })
        : fmt(body.total === 1 ? s.result_for : s.results_for, { n: body.total, q: state.q });
      out.appendChild(head);
      if (body.engine !== "api") out.appendChild(el("p", "kb-search__note", s.static_note));
      if (body.engine === "api" && body.answer && body.answer !== "good") {
        // No good answer: say so plainly, keep the weak matches below, offer to ask the question.
        var gap = el("div", "kb-search__gap");
        gap.setAttribute("data-kb-answer", body.answer);
        gap.appendChild(el("p", null, fmt(body.answer === "weak" ? s.weak : s.ask_none, { q: state.q })));
        var ask = el("a", "md-button kb-search__ask", s.ask);
        ask.href = askUrl(state.q, lang);
        ask.rel = "nofollow";
        gap.appendChild(ask);
        out.appendChild(gap);
      }
      if (body.suggestion && body.suggestion !== state.q) {
        var dym = el("p", "kb-search__suggestion");
        dym.appendChild(document.createTextNode(s.did_you_mean + " "));
        var a = el("a", null, body.suggestion);
        a.href = resultsPageUrl(lang, new URLSearchParams({ q: body.suggestion })).href;
        a.addEventListener("click", function (e) {
          if (e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          e.stopPropagation();
          input.value = body.suggestion;
          navigate({ q: body.suggestion }, true);
        });
        dym.appendChild(a);
        dym.appendChild(document.createTextNode(lang === "zh" ? "？" : "?"));
        out.appendChild(dym);
      }
      var ol = el("ol", "kb-search__list");
      ol.setAttribute("aria-label", s.results);
      ol.start = (body.page - 1) * body.per_page + 1;
      body.results.forEach(function (r) {
        var li = el("li", "kb-search__item");
        if (r.match) li.setAttribute("data-kb-match", r.match);
        var a = el("a", "kb-result");
        a.href = r.href;
        a.setAttribute("data-kb-position", String(r.position));
        if (r.lang && r.lang !== lang) a.hreflang = r.lang;
        a.addEventListener("click", function () { beacon(r); });
        resultBody(r, a, lang, true);
        li.appendChild(a);
        var also = alsoIn(r, lang);
        if (also) li.appendChild(also);
        ol.appendChild(li);
      });
      out.appendChild(ol);
      var pages = Math.ceil(body.total / body.per_page);
      if (pages > 1) {
        var nav = el("nav", "kb-search__pages");
        nav.setAttribute("aria-label", fmt(s.page, { p: body.page, n: pages }));
        var prev = el("button", "md-button", s.prev), next = el("button", "md-button", s.next);
        prev.type = next.type = "button";
        prev.disabled = body.page <= 1;
        next.disabled = body.page >= Math.min(pages, 100);
        prev.addEventListener("click", function () { navigate({ page: body.page - 1 }, true); window.scrollTo(0, 0); });
        next.addEventListener("click", function () { navigate({ page: body.page + 1 }, true); window.scrollTo(0, 0); });
        nav.appendChild(prev);
        nav.appendChild(el("span", "kb-search__pageno", fmt(s.page, { p: body.page, n: pages })));
        nav.appendChild(next);
        out.appendChild(nav);
      }
      renderFacets(body);
    }

    function run() {
      input.value = state.q;
      if (ctrl) ctrl.abort();
      var mine = ++seq;
      if (!state.q) {
        out.textContent = "";
        out.appendChild(el("p", "kb-search__summary", s.enter_query));
        facetsBox.textContent = "";
        facetsBox.hidden = true;
        return;
      }
      ctrl = typeof AbortController !== "undefined" ? new AbortController() : null;
      root.setAttribute("aria-busy", "true");
      search({ q: state.q, type: state.type, category: state.category, tag: state.tag, lang: state.lang,
               page: state.page, perPage: PAGE_SIZE, facets: true, signal: ctrl && ctrl.signal })
        .then(function (body) { if (mine === seq) render(body); }, function (e) {
          if (mine !== seq || (e && e.name === "AbortError")) return;
          out.textContent = "";
          out.appendChild(el("p", "kb-search__summary", s.unavailable));
          facetsBox.textContent = "";
        })
        .then(function () { if (mine === seq) root.removeAttribute("aria-busy"); });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = input.value.trim();
      if (q) navigate({ q: q }, true);
    });
    run();
  }

  window.addEventListener("popstate", function () {
    var root = document.getElementById("kb-search");
    if (root && root.__kb && location.pathname === root.__kb.path) root.__kb.reload();
  });

  function bind() {
    var box = document.querySelector("[data-kb-search-box]");
    if (box) bindHeader(box);
    var root = document.getElementById("kb-search");
    if (root && !root.__kb) {
      bindResults(root);
      var path = location.pathname;
      root.__kb.path = path;
      root.__kb.reload = function () {
        var p = new URLSearchParams(location.search), ch = { q: (p.get("q") || "").trim(), page: Math.max(1, parseInt(p.get("page"), 10) || 1) };
        FACETS.forEach(function (k) { ch[k] = p.get(k) || ""; });
        root.__kb.navigate(ch, false);
      };
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(bind);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
