/* global process, console */
// Prints the failed tests of the vitest JSON reports named on the command line, last, so that a
// red run's cause is at the end of the log (the PostgreSQL tests' output is printed after the
// browser tests', and a log is often read from its tail).
import { existsSync, readFileSync } from "node:fs";

let any = false;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: no report (the run did not finish)`);
    any = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const suite of report.testResults ?? []) {
    const failed = (suite.assertionResults ?? []).filter((a) => a.status === "failed");
    if (!failed.length && suite.status !== "failed") continue;
    any = true;
    console.log(`\n✗ ${file} ${suite.name}`);
    if (!failed.length && suite.message) console.log(`  ${suite.message.slice(0, 1500)}`);
    for (const a of failed) {
      console.log(`  ✗ ${a.fullName}`);
      for (const m of a.failureMessages ?? []) console.log(`    ${m.slice(0, 1500).replace(/\n/g, "\n    ")}`);
    }
  }
}
if (!any) console.log("no failed tests in the reports");
