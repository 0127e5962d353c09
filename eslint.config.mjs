// ESLint's recommended rules over the project's own JavaScript (ES modules; browser, worker and Node code).
// `make test` runs it (tests/site/test_eslint.py). Vendored and generated files are not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", "build/", ".venv/", "**/*.min.js"] },
  js.configs.recommended,
  { rules: { "no-empty": ["error", { allowEmptyCatch: true }] } }, // `catch {}`: a step allowed to fail, said beside it
  {
    files: ["overrides/assets/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ["overrides/assets/zelftest/early.js"], // a classic script in the page's head
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {
    files: ["grip_build/service-worker.js"], // a classic service worker script below Workbox's runtime
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, workbox: "readonly" } },
  },
  {
    files: ["bench/**/*.js"], // scripts the benchmark injects into pages
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
