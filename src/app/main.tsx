import "zmp-ui/zaui.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LoyalLoopApp } from "./app";
import { platformStorage } from "./platform/storage";
import { hasStoredSession } from "./state/api-base";
import { prefetchApi } from "./state/contract";

// The API client and the contract (zod) are a chunk of their own (state/contract.ts). A first
// visit signs in with it: start its download now, in parallel with the first render. A returning
// member's first screen is drawn from the phone's copies without it, and building the contract's
// schemas takes a few hundred ms of a slow phone's main thread: the session's start asks for it
// after that first render has painted (state/contract.ts), when it no longer delays the card.
if (!hasStoredSession()) prefetchApi();

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
