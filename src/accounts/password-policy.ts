import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The most common passwords, from zxcvbn-ts's ranked list (the top 10,000 of its ~49,000),
 * kept in memory as a Set for an O(1) check. Compared case-insensitively.
 */
const COMMON_PASSWORDS = new Set(
  [
    ...dictionary.passwords.slice(0, 10_000),
    // Common Vietnamese choices the English-centric list misses.
    ...["matkhau", "matkhau123", "matkhau1", "anhyeuem", "emyeuanh", "yeuem123", "vietnam123", "gialai123", "pleiku123", "12345678a", "a12345678"],
  ].map((word) => word.toLowerCase()),
);

export const isCommonPassword = (password: string): boolean => COMMON_PASSWORDS.has(password.toLowerCase());
