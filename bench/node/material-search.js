// Material for MkDocs' own search worker, run unchanged under Node.js.
//
// usage: node material-search.js <worker.js> <search_index.json>  (queries as JSON lines on stdin)
// Prints one JSON line per query: the page locations in the order Material shows them.
// The worker bundles lunr; language plugins it would importScripts() come from npm's
// lunr-languages (node_modules), the same files Material ships in assets/javascripts/lunr/min.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const readline = require("readline");

const [workerPath, indexPath] = process.argv.slice(2);
const langDir = path.join(path.dirname(require.resolve("lunr-languages/package.json")), "min");

let pending = null;
const context = {
  console: { warn: (...a) => process.env.DEBUG && console.error(...a), log() {}, error: console.error },
  setTimeout, clearTimeout, Promise, TextEncoder, TextDecoder, URL,
  postMessage(msg) { if (pending) { const p = pending; pending = null; p(msg); } },
};
let listener = null;
context.addEventListener = (type, fn) => { if (type === "message") listener = fn; };
context.importScripts = (...urls) => {
  for (const url of urls) {
    const file = path.join(langDir, path.basename(url));
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
};
context.self = context;
context.window = undefined;
vm.createContext(context);
vm.runInContext(fs.readFileSync(workerPath, "utf8"), context, { filename: workerPath });

function send(msg) {
  return new Promise((resolve) => { pending = resolve; listener({ data: msg }); });
}

(async () => {
  const index = JSON.parse(fs.readFileSync(indexPath, "utf8"));
  // The page passes the theme's search options (features search.suggest etc.); defaults here.
  index.options = index.options || { suggest: false };
  await send({ type: 0, data: index }); // SETUP -> READY
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const { query } = JSON.parse(line);
    const res = await send({ type: 2, data: query }); // QUERY -> RESULT
    const pages = [];
    for (const group of (res.data && res.data.items) || []) {
      const loc = group[0].location.split("#")[0];
      if (!pages.includes(loc)) pages.push(loc);
    }
    process.stdout.write(JSON.stringify({ query, pages }) + "\n");
  }
})();
