/* Keeps <html lang> right after Material's instant navigation, which swaps the page's content and
 * <head> but keeps the first page's <html> element: screen readers, hyphenation, :lang() styles and
 * Chinese fonts follow <html lang>. The page's language comes from <meta name="kb-search">. */
(function () {
  "use strict";
  function sync() {
    var meta = document.querySelector('meta[name="kb-search"]');
    var lang = null;
    try { lang = meta && JSON.parse(meta.content).lang; } catch (e) { return; }
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(sync);
  else sync();
})();
