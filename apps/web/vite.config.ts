import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Where `npm run dev -w apps/web` forwards API calls; the CodeGenie server's default port. */
const serverUrl = process.env.CODEGENIE_SERVER_URL ?? "http://localhost:8501";

/**
 * The SPA is built into `dist/`, which the server serves on its own port. In development the Vite
 * server proxies the server's paths so the app stays same-origin, exactly as in production.
 */
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": serverUrl,
      "/docs": serverUrl,
      "/healthz": serverUrl,
      "/readyz": serverUrl,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // React, Mantine and zod make one ~820 kB bundle (~250 kB gzipped) that the server caches as
    // immutable; splitting it would add requests without making a page usable sooner.
    chunkSizeWarningLimit: 1000,
  },
});
