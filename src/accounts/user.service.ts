import { parseInput } from "../platform/validation.ts";
import { hashPassword } from "./password.ts";
import type { Role, UserModel } from "./user.model.ts";
import { upsertUserSchema, type UpsertUserInput } from "./user.schemas.ts";

export type UserSummary = { id: string; email: string; name: string; role: Role };

export function createUserService({ users }: { users: UserModel }) {
  return {
    /**
     * Creates the account, or updates the password, role (and name, when given) of the one
     * with that address. Used by the admin CLI to create the first administrator.
     */
    async upsertUser(input: UpsertUserInput): Promise<{ user: UserSummary; created: boolean }> {
      const { email, password, role, name } = parseInput(upsertUserSchema, input);
      const passwordHash = await hashPassword(password);
      // One atomic upsert: a name given replaces the old one; otherwise a new account is named after its address.
      const result = await users.findOneAndUpdate(
        { email },
        {
          $set: { passwordHash, role, ...(name ? { name } : {}) },
          $setOnInsert: { email, ...(name ? {} : { name: email.split("@")[0]! }) },
        },
        { upsert: true, returnDocument: "after", runValidators: true, includeResultMetadata: true },
      );
      const saved = result.value!;
      const created = !result.lastErrorObject?.updatedExisting;
      return {
        user: { id: saved._id.toString(), email: saved.email, name: saved.name, role: saved.role as Role },
        created,
      };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
