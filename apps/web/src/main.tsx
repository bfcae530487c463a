import "@mantine/core/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import { restoreSession } from "./lib/api/auth-session";

const rootElement = document.getElementById("root");
if (!rootElement) {
  throw new Error('index.html must contain <div id="root">');
}

// Before the first render, so the session is being restored from the refresh cookie while React
// starts (the app shows a loader until it knows who is signed in).
void restoreSession();

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
