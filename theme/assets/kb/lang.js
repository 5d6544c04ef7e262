/* The page's language in the browser:
 * 1. Keeps <html lang> and the header right after Material's instant navigation, which swaps the
 *    page's content and <head> but keeps the first page's <html> element and header: screen readers,
 *    hyphenation, :lang() styles and Chinese fonts follow <html lang>. The page's language comes from
 *    <meta name="kb-search">; the header's labels, search box and language switch from the new page.
 * 2. Hides the head's <link rel="alternate" hreflang> (written for search engines) from Material's
 *    JavaScript, which takes every such link for the root of another site: it would request
 *    <link>/sitemap.xml and turn each link to the translation into a full reload. Material looks for
 *    them when the first page is ready (DOMContentLoaded) and after each instant navigation; here they
 *    are retyped before the first look and put back right after it, and retyped in every page
 *    instant navigation parses (Material parses it with DOMParser).
 * 3. Remembers the language a reader picks in a language switch (localStorage "kb-lang"). The first
 *    page of a visit, when it is the default language's home reached from outside the site, goes to
 *    the remembered language's home instead. Only that one page ever redirects, once per tab, and
 *    never to itself: a reader who follows a link to any other page stays on it. */
(function () {
  "use strict";
  var KEY = "kb-lang", VISIT = "kb-lang-visit", HIDDEN = "kb-alternate";

  function pageInfo(doc) {
    var meta = doc.querySelector('meta[name="kb-search"]');
    try { return meta ? JSON.parse(meta.content) : {}; } catch (e) { return {}; }
  }

  function retype(doc, from, to) {
    var links = doc.querySelectorAll('head > link[rel="' + from + '"][hreflang]');
    for (var i = 0; i < links.length; i++) links[i].setAttribute("rel", to);
  }

  // 2. Hidden before Material's first look (this deferred script runs before DOMContentLoaded) ...
  retype(document, "alternate", HIDDEN);
  document.addEventListener("DOMContentLoaded", function () { retype(document, HIDDEN, "alternate"); });
  // ... and in every page instant navigation fetches.
  var fetched = null; // the page instant navigation parsed last, for the header (1.)
  var parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    var doc = parse.apply(this, arguments);
    if (type === "text/html") { retype(doc, "alternate", HIDDEN); fetched = doc; }
    return doc;
  };

  // 1. The header is not swapped either: its language switch would still lead to the first page's
  // translations, and its labels and search box would keep the first page's language.
  var LABELLED = "[aria-label], [title], [placeholder], form[action], [lang]";
  function labelled(header) { // less the logo and title: Material swaps or labels them itself
    return Array.prototype.filter.call(header.querySelectorAll(LABELLED), function (el) {
      return !el.closest("[data-md-component=logo], [data-md-component=header-title]");
    });
  }
  function syncHeader(next) {
    var canonical = next.querySelector('link[rel="canonical"]');
    if (canonical && canonical.href !== location.href.split("#")[0].split("?")[0]) return; // not this page
    var live = document.querySelector(".md-header"), fresh = next.querySelector(".md-header");
    if (!live || !fresh) return;
    var old = labelled(live), now = labelled(fresh);
    if (old.length === now.length) {
      for (var i = 0; i < old.length; i++) {
        ["aria-label", "title", "placeholder", "action", "lang"].forEach(function (name) {
          if (now[i].hasAttribute(name)) old[i].setAttribute(name, now[i].getAttribute(name));
        });
      }
    }
    var list = live.querySelector(".md-select__inner"), freshList = fresh.querySelector(".md-select__inner");
    if (list && freshList) list.innerHTML = freshList.innerHTML;
  }
  function sync() {
    var lang = pageInfo(document).lang;
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
    if (fetched) { var next = fetched; fetched = null; syncHeader(next); }
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(sync);
  else sync();

  // 3.
  function get(storage, key) {
    try { return window[storage].getItem(key); } catch (e) { return null; } // storage off: nothing remembered
  }
  function set(storage, key, value) {
    try { window[storage].setItem(key, value); } catch (e) { /* storage off */ }
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target instanceof Element && ev.target.closest(".md-select a[hreflang], a.kb-lang-switch[hreflang]");
    if (a) set("localStorage", KEY, a.getAttribute("hreflang"));
  }, true);

  function redirectToChosenHome() {
    var info = pageInfo(document), chosen = get("localStorage", KEY), first = !get("sessionStorage", VISIT);
    set("sessionStorage", VISIT, "1");
    if (!first || !chosen || chosen === info.lang || info.lang !== info.default_lang) return;
    if ((info.langs || []).indexOf(chosen) < 0) return; // only a language of this site (storage is the reader's)
    if (location.search || location.hash) return;
    if (document.referrer && new URL(document.referrer).origin === location.origin) return;
    var config = document.getElementById("__config");
    var base = config ? new URL(JSON.parse(config.textContent).base, location.href) : null;
    if (!base || base.pathname !== location.pathname) return; // not the default language's home
    var link = document.querySelector('.md-select a[hreflang="' + chosen + '"]');
    if (link && new URL(link.href).pathname !== location.pathname) location.replace(link.href);
  }
  try { redirectToChosenHome(); } catch (e) { /* never stand between a reader and a page */ }
})();
