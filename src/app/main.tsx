import "zmp-ui/zaui.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LoyalLoopApp } from "./app";
import { isInsideZalo } from "./platform/environment";
import { loadZaloSdk } from "./platform/zalo-sdk";
import { loadApi } from "./state/contract";

// The API client and the contract (zod) are a chunk of their own (state/contract.ts): start its
// download now, in parallel with the first render, rather than when the session asks for it.
loadApi().catch(() => undefined);

const mount = document.getElementById("app");
if (!mount) throw new Error('index.html must contain <div id="app">');

function render() {
  createRoot(mount!).render(
    <StrictMode>
      <LoyalLoopApp />
    </StrictMode>,
  );
}

// zmp-sdk is a chunk of its own (platform/zalo-sdk.ts). Inside Zalo the session, the cached card
// and the language live in its nativeStorage, which the first render reads, so the render waits
// for it there; if it cannot be fetched, the app starts on localStorage and the sign-in says what
// went wrong. In a browser nothing on the first screen needs it.
if (isInsideZalo()) void loadZaloSdk().then(render, render);
else render();
