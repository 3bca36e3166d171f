// Lint is for bugs, not layout: a few type-aware rules (typescript-eslint, with the project's tsconfig),
// no stylistic rules. The import rules between areas live in .dependency-cruiser.cjs.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "tools/", "data/", "test-output/", "public/", "views/"] },
  {
    files: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection stops Node 20). Fire-and-forget is
      // written `void promise.catch(...)`, which says so and handles the error.
      "@typescript-eslint/no-floating-promises": "error",
      // Express 5 types handlers as returning `unknown` and forwards a rejected handler's error to the
      // error handler, so async route handlers are not flagged and checksVoidReturn keeps its defaults:
      // an async callback given to a function that ignores its result (EventEmitter.on, setTimeout,
      // forEach) is a real lost error.
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { args: "after-used", argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // The codebase writes `import { value, type T }` and `import type { T }` when all are types
      // (tsc's verbatimModuleSyntax already refuses a type imported as a value).
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
    },
  },
);
