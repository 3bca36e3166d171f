/**
 * npm run hs:import -- <file.csv>
 * Loads an HS nomenclature (columns code|hscode, description, parent, level) as the active edition.
 * A file with any bad row is refused whole, the rows named; the previous nomenclature stays in use.
 */
import path from "node:path";
import { runCli } from "./cli.ts";

const USAGE = "Usage: npm run hs:import -- <file.csv>   (columns: code or hscode, description, parent, level)";

const file = process.argv[2];
if (!file || file.startsWith("-")) {
  console.error(`✖ A CSV file is required.\n${USAGE}`);
  process.exit(1);
}

await runCli(async (services) => {
  const source = path.resolve(file);
  const interactive = process.stdout.isTTY;
  const { imported, edition } = await services.nomenclature.importCsv(source, {
    onProgress: ({ phase, done, total, skipped, ms }) => {
      if (phase === "validated") console.log(`… ${path.basename(source)}: ${total} rows checked${skipped ? ` (${skipped} summary row skipped)` : ""} in ${ms} ms`);
      else if (phase === "writing") {
        const line = `… writing ${done}/${total} (${Math.round((done / total) * 100)} %)`;
        if (interactive) process.stdout.write(`\r${line}${done === total ? "\n" : ""}`);
        else if (done === total) console.log(line);
      } else if (phase === "done") console.log(`… switched to the new edition (the previous one removed) in ${ms} ms in all`);
    },
  });
  console.log(`✔ Imported ${imported} HS codes as edition ${edition}; it is now the active nomenclature.`);
});
