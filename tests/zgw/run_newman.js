// Runs the ZGW postman suite with newman as a library (tests/zgw/newman.py starts it).
//
// As newman's CLI, with one addition: a request the suite runs more than MAX_REPEATS times
// stops the run. The suite steers its own order with setNextRequest, and some of its loops
// only end through an API we do not have (zrc-007b walks a list that stays empty without a
// Documenten API, forever). The JSON report is still written, and says what ran.
//
// usage: node run_newman.js <newman module dir> <collection> <environment> <report>
//        <timeout ms> <max repeats> [folder ...]
"use strict";
const [moduleDir, collection, environment, report, timeout, maxRepeats, ...folders] =
  process.argv.slice(2);
const newman = require(moduleDir);

const counts = new Map();
let run = null;
let stopped = "";

const emitter = newman.run(
  {
    collection: require(collection),
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
    if (stopped) console.error(stopped);
  },
);
emitter.on("start", (error, args) => {
  run = args.run;
});
emitter.on("beforeItem", (error, args) => {
  const id = args.item.id;
  const seen = (counts.get(id) || 0) + 1;
  counts.set(id, seen);
  if (seen > Number(maxRepeats) && run && !stopped) {
    stopped = `stopped: "${args.item.name}" would run a ${seen}th time (a loop of the suite)`;
    run.abort();
  }
});
