import { lazy, Suspense, useState } from "react";
import { Tabs } from "../common/tabs";
import { useRole } from "../common/use-role";
import { useLocale } from "../locale-context";
import { StaffTab } from "./staff-tab";
import { StoresTab } from "./stores-tab";
import "./store-admin.css";
import "./strings/load";

type TabId = "stores" | "staff" | "integrations";

/** Admins only, and rarely opened: its own chunk (issue 17). */
const IntegrationsTab = lazy(() => import("./integrations-tab").then((m) => ({ default: m.IntegrationsTab })));
const TAB_IDS: readonly TabId[] = ["stores", "staff", "integrations"];

/**
 * Stores and cashiers (issue 16): admins change them, managers read. A page of its own beside
 * "Cửa hàng" (the store loop insights), which answers a different question (how each store keeps
 * its members), so both stay.
 */
export function StoreAdminPage() {
  const { t } = useLocale();
  const canEdit = useRole() === "admin";
  const [tab, setTab] = useState<TabId>(() => {
    const asked = new URLSearchParams(window.location.search).get("tab") as TabId | null;
    return asked && TAB_IDS.includes(asked) ? asked : "stores";
  });
  // The role may arrive after the first render: the integrations tab shows once it says admin.
  const shown: TabId = tab === "integrations" && !canEdit ? "stores" : tab;
  return (
    <div className="page store-admin">
      <header className="page-header">
        <div>
          <h1>{t("storeAdmin.title")}</h1>
          <p className="muted">{t("storeAdmin.subtitle")}</p>
          {!canEdit && <p className="muted">{t("storeAdmin.readOnly")}</p>}
        </div>
      </header>
      <Tabs
        label={t("storeAdmin.tabs")}
        selected={shown}
        onSelect={setTab}
        tabs={[
          { id: "stores", label: t("storeAdmin.tab.stores"), panel: <StoresTab canEdit={canEdit} /> },
          { id: "staff", label: t("storeAdmin.tab.staff"), panel: <StaffTab canEdit={canEdit} /> },
          ...(canEdit
            ? [
                {
                  id: "integrations" as const,
                  label: t("storeAdmin.tab.integrations"),
                  panel: (
                    <Suspense fallback={<span className="spinner" aria-busy="true" />}>
                      <IntegrationsTab />
                    </Suspense>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
