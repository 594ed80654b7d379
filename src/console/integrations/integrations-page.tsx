import { useState } from "react";
import { Tabs } from "../common/tabs";
import { useRole } from "../common/use-role";
import { useLocale } from "../locale-context";
import { DeliveriesTab } from "./deliveries-tab";
import { KeysTab } from "./keys-tab";
import { WebhooksTab } from "./webhooks-tab";
import "./integrations.css";
import "./strings/load";

type TabId = "keys" | "webhooks" | "deliveries";

/**
 * POS and web shop integration (issue 17, decision 0043): the stores' API keys, the webhook
 * endpoints and their delivery log. Admins only, like every route behind it; another role that
 * types the address is told so instead of meeting three 403s.
 */
export function IntegrationsPage() {
  const { t } = useLocale();
  const isAdmin = useRole() === "admin";
  const [tab, setTab] = useState<TabId>("keys");
  // A tab loads when first opened (then stays mounted), so the keys tab (what most visits are for)
  // asks for one list; disabling an endpoint fails its waiting deliveries, so the log remounts.
  const [opened, setOpened] = useState<TabId[]>(["keys"]);
  const [logVersion, setLogVersion] = useState(0);
  const select = (id: TabId) => {
    setTab(id);
    if (!opened.includes(id)) setOpened([...opened, id]);
  };
  return (
    <div className="page integrations">
      <header className="page-header">
        <div>
          <h1>{t("integrations.title")}</h1>
          <p className="muted">{t("integrations.subtitle")}</p>
        </div>
      </header>
      {isAdmin ? (
        <Tabs
          label={t("integrations.tabs")}
          selected={tab}
          onSelect={select}
          tabs={[
            { id: "keys", label: t("integrations.tab.keys"), panel: <KeysTab /> },
            {
              id: "webhooks",
              label: t("integrations.tab.webhooks"),
              panel: opened.includes("webhooks") && <WebhooksTab onChanged={() => setLogVersion((n) => n + 1)} />,
            },
            {
              id: "deliveries",
              label: t("integrations.tab.deliveries"),
              panel: opened.includes("deliveries") && <DeliveriesTab key={logVersion} />,
            },
          ]}
        />
      ) : (
        <div className="card state">
          <p className="state-title">{t("integrations.adminOnly")}</p>
        </div>
      )}
    </div>
  );
}
