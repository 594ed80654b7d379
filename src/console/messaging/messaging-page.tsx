import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { Tabs, type TabDef } from "../common/tabs";
import { useApiResource } from "../common/use-api-resource";
import { useLocale } from "../locale-context";
import { MessageLog } from "./message-log";
import { OaBanner } from "./oa-banner";
import { SandboxInbox } from "./sandbox-inbox";
import { TemplatesTab } from "./templates-tab";
import { TestSend } from "./test-send";
import { TodayPanel } from "./today-panel";
import { ZaloTab } from "./zalo-tab";
import { useRole } from "../common/use-role";
import "./strings/load";

const TAB_IDS = ["today", "templates", "log", "test", "sandbox", "zalo"] as const;
type TabId = (typeof TAB_IDS)[number];
const isTab = (value: string | null): value is TabId => (TAB_IDS as readonly (string | null)[]).includes(value);

/**
 * ZNS messaging: today's quota, the registered templates, the log of every message, a test
 * send and, while the transport is the sandbox, the inbox the messages land in. The tab is in
 * the URL (?tab=log) and so are the log's filters. Templates and quota are read once here:
 * the log's filter, the test send and the per-template numbers all use the same list.
 */
export function MessagingPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const templates = useApiResource(messagingEndpoints.listTemplates);
  const quota = useApiResource(messagingEndpoints.quota);
  const transport = quota.state.status === "ready" ? quota.state.data.transport : null;
  const admin = useRole() === "admin";
  // Zalo's consent page sends the admin back with ?oa=<result>: the connection tab says how it went.
  const requested = params.get("oa") && !params.get("tab") ? "zalo" : params.get("tab");
  // The sandbox inbox only exists with the sandbox transport; a link to it under Zalo lands on Today.
  const wanted: TabId =
    isTab(requested) && !(requested === "sandbox" && transport === "zalo") && !(requested === "zalo" && !admin) ? requested : "today";
  // Until the quota says which transport runs, a link to the inbox shows Today meanwhile.
  const tab: TabId = wanted === "sandbox" && transport !== "sandbox" ? "today" : wanted;
  // A tab loads when first shown, then stays mounted so switching back does not refetch.
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(() => new Set([tab]));
  if (!opened.has(tab)) setOpened(new Set([...opened, tab]));

  const select = (next: TabId) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        // The connection's result was said once, on the Zalo tab.
        out.delete("oa");
        if (next === "today") out.delete("tab");
        else out.set("tab", next);
        return out;
      },
      { replace: true },
    );

  const items = templates.state.status === "ready" ? templates.state.data.items : [];
  const afterSend = () => {
    templates.reload();
    quota.reload();
  };
  const show = (id: TabId) => opened.has(id) || tab === id;

  const tabs: TabDef<TabId>[] = [
    {
      id: "today",
      label: t("msg.tab.today"),
      panel: show("today") ? (
        <TodayPanel quota={quota.state} reloadQuota={quota.reload} templates={templates.state} reloadTemplates={templates.reload} />
      ) : null,
    },
    {
      id: "templates",
      label: t("msg.tab.templates"),
      count: templates.state.status === "ready" ? items.length : undefined,
      panel: show("templates") ? (
        <TemplatesTab state={templates.state} reload={templates.reload} onSaved={() => templates.reload()} />
      ) : null,
    },
    { id: "log", label: t("msg.tab.log"), panel: show("log") ? <MessageLog templates={items} /> : null },
    {
      id: "test",
      label: t("msg.tab.test"),
      panel: show("test") ? <TestSend templates={items} sandbox={transport === "sandbox"} onSent={afterSend} /> : null,
    },
  ];
  if (transport === "sandbox") tabs.push({ id: "sandbox", label: t("msg.tab.sandbox"), panel: show("sandbox") ? <SandboxInbox /> : null });
  // What the brand registers at Zalo: admins only (the server refuses others).
  if (admin) tabs.push({ id: "zalo", label: t("msg.tab.zalo"), panel: show("zalo") ? <ZaloTab /> : null });

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("msg.title")}</h1>
          <p className="muted">{t("msg.subtitle")}</p>
        </div>
        {transport && (
          <span
            className={`badge badge-lg ${transport === "sandbox" ? "badge-warn" : "badge-live"}`}
            title={t(transport === "sandbox" ? "msg.transport.sandboxNote" : "msg.transport.zaloNote")}
          >
            {t(transport === "sandbox" ? "msg.transport.sandbox" : "msg.transport.zalo")}
          </span>
        )}
      </header>
      {quota.state.status === "ready" && <OaBanner quota={quota.state.data} />}
      <div className="page-tabs">
        <Tabs<TabId> label={t("msg.title")} selected={tab} onSelect={select} tabs={tabs} />
      </div>
    </div>
  );
}
