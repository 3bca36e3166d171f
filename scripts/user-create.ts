/**
 * npm run user:create -- --email E --password P --role user|moderator|admin [--name N]
 * Creates the account, or updates the password, role and name of an existing one.
 */
import { parseArgs } from "node:util";
import { runCli } from "./cli.ts";

const USAGE = "Usage: npm run user:create -- --email E --password P --role user|moderator|admin [--name N]";

let args;
try {
  args = parseArgs({
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string", default: "user" },
      name: { type: "string" },
    },
  }).values;
} catch (error) {
  console.error(`✖ ${(error as Error).message}\n${USAGE}`);
  process.exit(1);
}
if (!args.email || !args.password) {
  console.error(`✖ --email and --password are required.\n${USAGE}`);
  process.exit(1);
}
const { email, password, role, name } = args;

await runCli(async (services) => {
  const { user, created } = await services.users.upsertUser({ email, password, role: role as never, name });
  console.log(`✔ ${created ? "Created" : "Updated"} ${user.role} ${user.email} (${user.name}).`);
});
