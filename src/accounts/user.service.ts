import { trusted } from "mongoose";
import { asObjectIds } from "../platform/db/ids.ts";
import type { Language } from "../platform/i18n/i18n.ts";
import { parseInput } from "../platform/validation.ts";
import { hashPassword } from "./password.ts";
import type { Role, UserModel } from "./user.model.ts";
import { upsertUserSchema, type UpsertUserInput } from "./user.schemas.ts";

export type UserSummary = { id: string; email: string; name: string; role: Role };

/** Whom a notice reaches: the address and the language of each person. */
export type Recipient = { id: string; email: string; language: Language };

export function createUserService({ users }: { users: UserModel }) {
  return {
    async recipients(ids: string[]): Promise<Recipient[]> {
      const docs = await users.find({ _id: trusted({ $in: asObjectIds(ids) }) }).select({ email: 1, language: 1 }).lean();
      return docs.map((user) => ({ id: user._id.toString(), email: user.email, language: user.language === "en" ? "en" : "vi" }));
    },

    /** The department's people: moderators and administrators. */
    async departmentMemberIds(): Promise<string[]> {
      return (await users.find({ role: trusted({ $in: ["moderator", "admin"] }) }, { _id: 1 }).lean()).map((user) => user._id.toString());
    },

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
        user: { id: saved._id.toString(), email: saved.email, name: saved.name, role: saved.role },
        created,
      };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
