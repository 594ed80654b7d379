import type { z } from "zod";
import { Uuid } from "../../contract/common";
import type { MessageQuery } from "../../contract/messaging";
import { MESSAGE_CHANNELS, type MessageChannel } from "../../domain/messaging/messages";
import { isStatus, type MessageStatus } from "./labels";

export const LOG_PAGE_SIZE = 50;

export type LogQuery = {
  status: MessageStatus | "";
  source: string;
  templateId: string;
  error: string;
  channel: MessageChannel | "";
  before: string;
};

const KEYS = {
  status: "status",
  source: "source",
  templateId: "template",
  error: "error",
  channel: "channel",
  before: "before",
} as const satisfies Record<keyof LogQuery, string>;

/**
 * The log's filters live in the URL (?tab=log&status=failed&template=…&before=…) like the
 * Members page, so reload, back/forward and a shared link show the same messages. Values the
 * API would refuse (a hand-edited status, a template id that is not a uuid) are dropped.
 */
export function readLogQuery(params: URLSearchParams): LogQuery {
  const status = params.get(KEYS.status);
  const templateId = params.get(KEYS.templateId) ?? "";
  const before = params.get(KEYS.before) ?? "";
  const channel = params.get(KEYS.channel) as MessageChannel;
  return {
    status: isStatus(status) ? status : "",
    source: (params.get(KEYS.source) ?? "").slice(0, 80),
    templateId: Uuid.safeParse(templateId).success ? templateId : "",
    error: (params.get(KEYS.error) ?? "").slice(0, 40),
    channel: MESSAGE_CHANNELS.includes(channel) ? channel : "",
    // The API's cursor is "<time>~<message id>"; anything else in a hand-edited URL is dropped.
    before: /^[^~]{1,60}~[0-9a-f-]{36}$/.test(before) ? before : "",
  };
}

/** Rewrites only the log's own keys, keeping the rest of the URL (the tab). Empty values are left out. */
export function writeLogQuery(current: URLSearchParams, query: LogQuery): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [field, key] of Object.entries(KEYS) as [keyof LogQuery, string][]) {
    if (query[field]) next.set(key, query[field]);
    else next.delete(key);
  }
  return next;
}

export function hasFilters(query: LogQuery): boolean {
  return query.status !== "" || query.source !== "" || query.templateId !== "" || query.error.trim() !== "" || query.channel !== "";
}

/** The API query of the log: empty filters left out. */
export function logApiQuery(query: LogQuery): z.input<typeof MessageQuery> {
  const error = query.error.trim();
  return {
    status: query.status || undefined,
    source: query.source || undefined,
    templateId: query.templateId || undefined,
    error: error || undefined,
    channel: query.channel || undefined,
    before: query.before || undefined,
    limit: LOG_PAGE_SIZE,
  };
}
