/* The 404 page: for a missing runbooks/alerts/<Alert>/ list the closest alert names; for any missing
 * page prefill the search box with the words of the address. Text only (textContent), never HTML. */
(function () {
  "use strict";
  var box = document.getElementById("kb-not-found");
  if (!box) return;
  var path = decodeURIComponent(location.pathname);
  var alert = /\/runbooks\/alerts\/([^\/]+?)(?:\.html)?\/?$/.exec(path);
  var last = alert ? alert[1] : (path.replace(/\/+$/, "").split("/").pop() || "").replace(/\.html?$/, "");
  var input = box.querySelector("input[name=q]");
  // "ImportQueueBacklogHig" and "import-queue_backlog" both search as words.
  if (input) input.value = last.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[-_.]+/g, " ").trim();
  if (!alert) return;

  function bigrams(s) {
    s = s.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]+/g, "");
    var out = [];
    for (var i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
    return out;
  }
  // Dice coefficient over character pairs: tolerant of typos, dropped letters and case.
  function similarity(a, b) {
    var x = bigrams(a), y = bigrams(b), seen = {}, hits = 0;
    if (!x.length || !y.length) return a.toLowerCase() === b.toLowerCase() ? 1 : 0;
    y.forEach(function (g) { seen[g] = (seen[g] || 0) + 1; });
    x.forEach(function (g) { if (seen[g]) { seen[g]--; hits++; } });
    return 2 * hits / (x.length + y.length);
  }

  var root = box.getAttribute("data-alerts").replace(/runbooks\/alerts\/alerts\.json$/, "");
  fetch(box.getAttribute("data-alerts"), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;  // no runbooks on this site (the public build leaves internal ones out)
      var wanted = alert[1];
      var ranked = (data.alerts || []).map(function (a) { return { a: a, score: similarity(wanted, a.name) }; })
        .filter(function (r) { return r.score >= 0.35; })
        .sort(function (p, q) { return q.score - p.score || (p.a.name < q.a.name ? -1 : 1); })
        .slice(0, 5);
      var section = box.querySelector(".kb-not-found__alerts");
      section.querySelector(".kb-not-found__name").textContent = wanted;
      var list = section.querySelector("ul");
      ranked.forEach(function (r) {
        var li = document.createElement("li"), link = document.createElement("a");
        link.href = root + r.a.url;
        link.textContent = r.a.name;
        li.appendChild(link);
        if (r.a.title && r.a.title !== r.a.name) li.appendChild(document.createTextNode(" — " + r.a.title));
        list.appendChild(li);
      });
      if (!ranked.length) list.hidden = true;
      section.hidden = false;
    })
    .catch(function () { /* the search form below still works */ });
})();
