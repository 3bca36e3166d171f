export { userModel, ROLES, type Role, type UserModel } from "./user.model.ts";
export { createUserService, type UserService, type UserSummary } from "./user.service.ts";
export { hashPassword, verifyPassword } from "./password.ts";
