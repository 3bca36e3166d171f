/**
 * npm run reindex — rebuilds the search index (embedded SQLite file or Meilisearch, as configured)
 * from MongoDB, with a progress bar. Safe while the server runs: changes made meanwhile stay dirty
 * (their searchVersion is above indexedVersion) and the server's sync worker re-sends them.
 */
import cliProgress from "cli-progress";
import { runCli } from "./cli.ts";

await runCli(async (services) => {
  const bar = new cliProgress.SingleBar(
    { format: "Reindex |{bar}| {percentage}% · {value}/{total} listings · {duration_formatted}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let begun = false;
  const counts = await services.searchSync.rebuild((done, total) => {
    if (!begun) {
      bar.start(total, 0);
      begun = true;
    }
    bar.update(done);
  });
  if (begun) bar.stop();
  const stats = await services.search.stats();
  console.log(
    `✔ Search index (${services.search.engine}) rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${counts.products} public listings of ${counts.enterprises} enterprises` +
      (stats.bytes ? `, ${(stats.bytes / 1048576).toFixed(1)} MiB on disk.` : "."),
  );
});
