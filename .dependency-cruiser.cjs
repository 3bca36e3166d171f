// The design's import rules (DESIGN.md, "Directions of dependency"), checked by `npm run lint` over src/.
// Type-only imports count: a type imported from another area's internals couples the two just as much,
// and a cycle through types is still a cycle (app.ts ↔ composition.ts was one).
const AREAS = "accounts|enterprises|products|catalog|declarations|moderation";
const ROOT = "^src/(app|areas|composition|config|infrastructure|server)\\.ts$";

/** Area `from` may not import these folders of src/. */
const direction = (from, notTo, comment) => ({
  name: `${from}-direction`,
  severity: "error",
  comment,
  from: { path: `^src/${from}/` },
  to: { path: `^src/(${notTo})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules import in one direction; two that need each other are wired by the composition root.",
      from: {},
      to: { circular: true },
    },
    {
      name: "model-private-to-its-area",
      severity: "error",
      comment: "A model is private to its area folder: other areas call the owning area's services.",
      from: { path: "^src/([^/]+)/" },
      to: { path: "\\.model\\.ts$", pathNot: "^src/$1/" },
    },
    {
      name: "root-uses-no-model",
      severity: "error",
      comment: "The root wires the areas' factories; the areas keep their models.",
      from: { path: ROOT },
      to: { path: "\\.model\\.ts$" },
    },
    {
      name: "area-through-its-index",
      severity: "error",
      comment: "Another area is reached only through its index.ts, its public surface.",
      from: { path: `^src/([^/]+)/` },
      to: { path: `^src/(${AREAS})/`, pathNot: "^src/($1/|[^/]+/index\\.ts$)" },
    },
    {
      name: "no-area-imports-the-root",
      severity: "error",
      comment: "No area (platform included) imports the composition root, the app, the server or config.ts: what it needs is passed in.",
      from: { path: "^src/[^/]+/", pathNot: "^src/seed/" },
      to: { path: ROOT },
    },
    {
      name: "platform-imports-no-area",
      severity: "error",
      comment: "platform/ is what every area uses; it knows none of them.",
      from: { path: "^src/platform/" },
      to: { path: `^src/(${AREAS}|seed)/` },
    },
    direction("accounts", "enterprises|products|catalog|declarations|moderation|seed", "accounts imports no other area."),
    direction("enterprises", "products|catalog|declarations|moderation|seed", "enterprises → accounts only (products are reached through a port)."),
    direction("products", "catalog|declarations|moderation|seed", "products → enterprises, accounts."),
    direction("catalog", "declarations|moderation|seed", "catalog → products, enterprises, accounts."),
    direction("declarations", "products|catalog|moderation|seed", "declarations → enterprises, accounts."),
    direction("moderation", "seed", "the console imports the areas it moderates, not the demo data."),
    {
      name: "seed-through-indexes",
      severity: "error",
      comment: "Demo data goes in through the areas' public surfaces and the composition's types.",
      from: { path: "^src/seed/" },
      to: { path: "^src/", pathNot: `^src/(seed/|(${AREAS})/index\\.ts$|composition\\.ts$)` },
    },
    {
      name: "seed-composition-types-only",
      severity: "error",
      comment: "The seed takes the assembled areas as a parameter; it never builds them.",
      from: { path: "^src/seed/" },
      to: { path: "^src/composition\\.ts$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
