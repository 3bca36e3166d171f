import type { Role } from "./user.model.ts";

/** A person signed in through the session. */
export type SignedInUser = {
  kind: "user";
  id: string;
  email: string;
  name: string;
  role: Role;
  language: "vi" | "en";
  authVersion: number;
};

/** A machine client (an enterprise's ERP) authenticated by an API token, scoped to one enterprise. */
export type TokenPrincipal = {
  kind: "token";
  id: string;
  tokenName: string;
  enterpriseId: string;
};

export type Principal = SignedInUser | TokenPrincipal;

declare global {
  namespace Express {
    interface User extends Partial<Omit<SignedInUser, "kind">> {
      kind: Principal["kind"];
      id: string;
    }
  }
}

export const isSignedInUser = (principal: unknown): principal is SignedInUser =>
  (principal as Principal | undefined)?.kind === "user";
