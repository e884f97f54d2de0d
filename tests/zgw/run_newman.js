// Runs the ZGW postman suite with newman as a library (tests/zgw/newman.py starts it).
//
// As newman's CLI, with one addition for the suite's loops. The suite steers its own order
// with setNextRequest, and some of its loops only end through an API we do not have
// (zrc-007b walks the zaak's informatieobjecten, a list that stays empty without a
// Documenten API, forever). Before the run, every test script gets a guard: once its
// request has run MAX_REPEATS times, its setNextRequest is ignored, so the run goes on
// with the next request in collection order, and the console says so (reported by
// newman.py as a failure of kind "loop"). Should a loop still go on, the run stops.
//
// A second addition for the suite's typos: a setNextRequest to a name no request of the run
// has (as drc-003a and brc-002f queue) makes newman end the run, so every request after it
// never runs, on any implementation. Such a call goes instead to the request that follows,
// in collection order, the last request that was not one of the "(COMMON)" helpers (the
// test that queued the name), and the console says so (reported by newman.py as
// "dangling", never hidden).
//
// usage: node run_newman.js <newman module dir> <collection> <environment> <report>
//        <timeout ms> <max repeats> [folder ...]
"use strict";
const [moduleDir, collectionFile, environment, report, timeout, maxRepeats, ...folders] =
  process.argv.slice(2);
const newman = require(moduleDir);
const MARK = "achterkant-loop-broken:";
const DANGLING = "achterkant-dangling:";

function requests(items, out = []) {
  for (const item of items) {
    if (item.item) requests(item.item, out);
    else out.push(item);
  }
  return out;
}

// The run's requests in order, as [id, name], in its environment: the suite picks many
// targets at run time (a list in a global, shifted by a later request), so the check is at
// run time too. Every request gets an id of ours, as setNextRequest takes an id too.
const ORDER_KEY = "achterkant_request_order";
const LAST_KEY = "achterkant_last_test";
const SKIP_DANGLING = [
  "var achterkantNext = postman.setNextRequest;",
  "postman.setNextRequest = function (next) {",
  `  var order = JSON.parse(pm.environment.get(${JSON.stringify(ORDER_KEY)}));`,
  "  if (typeof next !== 'string' || order.some(function (r) { return r[1] === next; })) {",
  "    return achterkantNext.call(postman, next);",
  "  }",
  `  console.log(${JSON.stringify(DANGLING)} + next);`,
  `  var last = pm.globals.get(${JSON.stringify(LAST_KEY)});`,
  "  var at = order.findIndex(function (r) { return r[0] === last; });",
  "  if (at >= 0 && at + 1 < order.length) return achterkantNext.call(postman, order[at + 1][0]);",
  "};",
]; // prettier-ignore

function markTest(item) {
  return item.name.startsWith("(COMMON)")
    ? []
    : [`pm.globals.set(${JSON.stringify(LAST_KEY)}, pm.info.requestId);`];
}

// The requests newman runs for these folders (all when none), in collection order.
function selected(items, wanted, inside = false, out = []) {
  for (const item of items) {
    const chosen = inside || !wanted.length || wanted.includes(item.name);
    if (item.item) selected(item.item, wanted, chosen, out);
    else if (chosen) out.push(item);
  }
  return out;
}

function guard(item) {
  // By name: the suite's items carry no id. Same-named requests share a count; the bound
  // is far above what any of them runs.
  const key = JSON.stringify("achterkant_repeats_" + item.name);
  const name = JSON.stringify(item.name);
  return [
    ...SKIP_DANGLING,
    ...markTest(item),
    // Number(): a global may come back as text, and "1" + 1 is "11".
    `var achterkantRepeats = Number(pm.globals.get(${key}) || 0) + 1;`,
    `pm.globals.set(${key}, achterkantRepeats);`,
    `if (achterkantRepeats >= ${Number(maxRepeats)}) {`,
    `  console.log(${JSON.stringify(MARK)} + ${name});`,
    "  postman.setNextRequest = function () {};",
    "}",
  ];
}

function addGuards(items) {
  for (const item of requests(items)) {
    for (const event of item.event || []) {
      if (event.listen === "test" && event.script && Array.isArray(event.script.exec)) {
        event.script.exec = guard(item).concat(event.script.exec);
      }
    }
  }
}

// Folders carry scripts too: a folder's "common requests" pick the next request from a
// list the suite keeps in a global, so those get the dangling check as well.
function guardFolders(items) {
  for (const item of items) {
    if (!item.item) continue;
    for (const event of item.event || []) {
      if (event.script && Array.isArray(event.script.exec)) {
        event.script.exec = SKIP_DANGLING.concat(event.script.exec);
      }
    }
    guardFolders(item.item);
  }
}

const collection = require(collectionFile);
requests(collection.item || []).forEach((item, index) => {
  item.id = `achterkant-${index}`;
});
addGuards(collection.item || []);
guardFolders(collection.item || []);
const runEnvironment = require(environment);
runEnvironment.values = runEnvironment.values || [];
runEnvironment.values.push({
  key: ORDER_KEY,
  value: JSON.stringify(selected(collection.item || [], folders).map((i) => [i.id, i.name])),
  type: "default",
  enabled: true,
});

const counts = new Map();
const broken = new Set();
const skipped = new Set();
let run = null;
let stopped = "";

const emitter = newman.run(
  {
    collection,
    environment: runEnvironment,
    folder: folders.length ? folders : undefined,
    reporters: ["json"],
    reporter: { json: { export: report } },
    timeoutRequest: Number(timeout),
  },
  (error) => {
    if (error) {
      console.error(String(error));
      process.exitCode = 2;
    }
    for (const name of broken) console.error(`loop: "${name}"`);
    for (const name of skipped) console.error(`dangling: "${name}"`);
    if (stopped) console.error(stopped);
  },
);
emitter.on("start", (error, args) => {
  run = args.run;
});
emitter.on("console", (error, args) => {
  const message = (args.messages || []).join(" ");
  if (message.startsWith(MARK)) broken.add(message.slice(MARK.length));
  if (message.startsWith(DANGLING)) skipped.add(message.slice(DANGLING.length));
});
emitter.on("beforeItem", (error, args) => {
  const seen = (counts.get(args.item.id) || 0) + 1;
  counts.set(args.item.id, seen);
  if (seen > 4 * Number(maxRepeats) && run && !stopped) {
    stopped = `loop: "${args.item.name}" (the run was stopped)`;
    run.abort();
  }
});
