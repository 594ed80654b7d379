import "zmp-ui/zaui.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LoyalLoopApp } from "./app";
import { platformStorage } from "./platform/storage";
import { loadApi } from "./state/contract";

// The API client and the contract (zod) are a chunk of their own (state/contract.ts): start its
// download now, in parallel with the first render, rather than when the session asks for it.
loadApi().catch(() => undefined);

// Inside Zalo: fetch zmp-sdk now (nativeStorage, the durable store); the first render does not
// wait for it, it paints from the localStorage mirror of the keys it reads (platform/storage.ts).
void platformStorage.settled();

const mount = document.getElementById("app");
if (!mount) throw new Error('index.html must contain <div id="app">');

function render() {
  createRoot(mount!).render(
    <StrictMode>
      <LoyalLoopApp />
    </StrictMode>,
  );
}

render();
