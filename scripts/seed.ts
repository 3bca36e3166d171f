/** npm run seed — adds the demo enterprises, products and declarations to the database; running it again changes nothing. */
import { seedDemo } from "../src/seed/seed.ts";
import { runCli } from "./cli.ts";

await runCli(async (_services, areas) => {
  const inserted = await seedDemo(areas);
  const total = inserted.enterprises + inserted.products + inserted.declarations;
  console.log(
    `✔ Demo data: ${inserted.enterprises} enterprises, ${inserted.products} products, ${inserted.declarations} import-export declarations inserted` +
      (total === 0 ? " (already there)." : "."),
  );
});
