// The workbench's build: one static folder (dist/) that `widar serve` serves. No inline script
// (the server's Content-Security-Policy forbids it) and nothing fetched from elsewhere at run time.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  // Monaco's editor worker and monaco-kusto's Kusto.Language worker: each its own module file.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
});
