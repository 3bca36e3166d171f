/** npm run seed — fills an empty database with the demo Gia Lai catalogue; running it again changes nothing. */
import { seedDemoCatalogue } from "../src/seed/seed.ts";
import { seedDemoDeclarations } from "../src/seed/demo-declarations.ts";
import { runCli } from "./cli.ts";

await runCli(async (services) => {
  const inserted = await seedDemoCatalogue(services.models);
  console.log(
    `✔ Demo catalogue: ${inserted.categories} categories, ${inserted.enterprises} enterprises, ${inserted.products} products inserted` +
      (inserted.enterprises + inserted.products + inserted.categories === 0 ? " (already there)." : "."),
  );
  const declarations = await seedDemoDeclarations(services.models);
  console.log(`✔ Demo import-export declarations: ${declarations} inserted${declarations === 0 ? " (already there)." : "."}`);
});
