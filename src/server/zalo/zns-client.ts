/**
 * ZNS "send template message" (docs/zalo.md#zns-send): POST {zns}/message/template with the OA
 * access token in a header named `access_token`, JSON body, errors as HTTP 200 + `error != 0`.
 *
 * Built on node:http(s) rather than fetch because the queue must know whether Zalo can have
 * seen the request: a failure before the body was fully written is "not_sent" (safe to retry),
 * one after it is "no_answer" (in doubt: reconcile, never blindly re-send).
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { SendAttempt } from "../../domain/messaging/sending-rules";
import { assertNotInTransaction } from "../db/tx-context";

export type ZnsSend = {
  phone: string;
  templateId: string;
  data: Record<string, string | number>;
  trackingId: string;
  mode?: "development";
};

export function sendZnsTemplate(baseUrl: string, accessToken: string, msg: ZnsSend, timeoutMs: number): Promise<SendAttempt> {
  assertNotInTransaction("a ZNS send");
  const body = JSON.stringify({
    phone: msg.phone,
    template_id: msg.templateId,
    template_data: msg.data,
    tracking_id: msg.trackingId,
    ...(msg.mode ? { mode: msg.mode } : {}),
  });
  return postTracked(new URL(`${baseUrl.replace(/\/+$/, "")}/message/template`), { access_token: accessToken }, body, timeoutMs);
}

/**
 * POSTs a JSON body and tells apart a failure before the body was fully written ("not_sent":
 * the other side cannot have it) from one after ("no_answer": it may have acted on it). Shared
 * by the ZNS and the Mini App notification clients.
 */
export function postTracked(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendAttempt> {
  return new Promise((resolve) => {
    let written = false;
    let settled = false;
    const done = (a: SendAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = null;
          }
          done({ kind: "response", status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", () => done({ kind: "no_answer", reason: "response_aborted" }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error("timeout"));
      done(written ? { kind: "no_answer", reason: "timeout" } : { kind: "not_sent", reason: "timeout" });
    }, timeoutMs);
    req.on("finish", () => (written = true));
    req.on("error", (err: NodeJS.ErrnoException) =>
      done(written ? { kind: "no_answer", reason: err.code ?? "error" } : { kind: "not_sent", reason: err.code ?? "error" }),
    );
    req.end(body);
  });
}
