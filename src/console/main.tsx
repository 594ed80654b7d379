import "../client/strict-csp";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { installBackGuard } from "./common/unsaved-guard";
import { ConsoleApp } from "./console-app";
import "./console.css";

const root = document.getElementById("console");
if (!root) throw new Error("console.html has no #console element");

// Before the router mounts: the unsaved-changes guard's popstate listener must run before its.
installBackGuard();
createRoot(root).render(
  <StrictMode>
    {/* The server serves the console under /console and falls back to console.html for deep links. */}
    <BrowserRouter basename="/console" future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <ConsoleApp />
    </BrowserRouter>
  </StrictMode>,
);
