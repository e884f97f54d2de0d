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
// usage: node run_newman.js <newman module dir> <collection> <environment> <report>
//        <timeout ms> <max repeats> [folder ...]
"use strict";
const [moduleDir, collectionFile, environment, report, timeout, maxRepeats, ...folders] =
  process.argv.slice(2);
const newman = require(moduleDir);
const MARK = "achterkant-loop-broken:";

function guard(item) {
  // By name: the suite's items carry no id. Same-named requests share a count; the bound
  // is far above what any of them runs.
  const key = JSON.stringify("achterkant_repeats_" + item.name);
  const name = JSON.stringify(item.name);
  return [
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
  for (const item of items) {
    if (item.item) {
      addGuards(item.item);
      continue;
    }
    for (const event of item.event || []) {
      if (event.listen === "test" && event.script && Array.isArray(event.script.exec)) {
        event.script.exec = guard(item).concat(event.script.exec);
      }
    }
  }
}

const collection = require(collectionFile);
addGuards(collection.item || []);

const counts = new Map();
const broken = new Set();
let run = null;
let stopped = "";

const emitter = newman.run(
  {
    collection,
    environment: require(environment),
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
    if (stopped) console.error(stopped);
  },
);
emitter.on("start", (error, args) => {
  run = args.run;
});
emitter.on("console", (error, args) => {
  const message = (args.messages || []).join(" ");
  if (message.startsWith(MARK)) broken.add(message.slice(MARK.length));
});
emitter.on("beforeItem", (error, args) => {
  const seen = (counts.get(args.item.id) || 0) + 1;
  counts.set(args.item.id, seen);
  if (seen > 4 * Number(maxRepeats) && run && !stopped) {
    stopped = `loop: "${args.item.name}" (the run was stopped)`;
    run.abort();
  }
});
