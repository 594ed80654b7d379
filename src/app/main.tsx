import "../client/strict-csp";
import "zmp-ui/zaui.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LoyalLoopApp } from "./app";

const mount = document.getElementById("app");
if (!mount) throw new Error('index.html must contain <div id="app">');

createRoot(mount).render(
  <StrictMode>
    <LoyalLoopApp />
  </StrictMode>,
);
