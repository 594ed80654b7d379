import "zmp-ui/zaui.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { LoyalLoopApp } from "./app";
import { platformStorage } from "./platform/storage";

// The API client and the contract (zod) are a chunk of their own (state/contract.ts), fetched
// once the first screen has painted: a returning member's card is drawn from the phone's copies,
// a first visit's welcome needs nothing from the server, and on a slow phone the download and
// the schemas' construction (a long task) competed with that first paint (issue 12's traces).

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
