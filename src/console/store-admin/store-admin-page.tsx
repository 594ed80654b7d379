import { useState } from "react";
import { Tabs } from "../common/tabs";
import { useRole } from "../common/use-role";
import { useLocale } from "../locale-context";
import { StaffTab } from "./staff-tab";
import { StoresTab } from "./stores-tab";
import "./store-admin.css";
import "./strings/load";

type TabId = "stores" | "staff";

/**
 * Stores and cashiers (issue 16): admins change them, managers read. A page of its own beside
 * "Cửa hàng" (the store loop insights), which answers a different question (how each store keeps
 * its members), so both stay.
 */
export function StoreAdminPage() {
  const { t } = useLocale();
  const canEdit = useRole() === "admin";
  const [tab, setTab] = useState<TabId>(() => (new URLSearchParams(window.location.search).get("tab") === "staff" ? "staff" : "stores"));
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
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: "stores", label: t("storeAdmin.tab.stores"), panel: <StoresTab canEdit={canEdit} /> },
          { id: "staff", label: t("storeAdmin.tab.staff"), panel: <StaffTab canEdit={canEdit} /> },
        ]}
      />
    </div>
  );
}
