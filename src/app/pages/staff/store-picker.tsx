import { useAtom, useAtomValue } from "jotai";
import { StoreIcon } from "../../components/icons";
import { Notice } from "../../components/notice";
import { SelectField } from "../../components/select-field";
import { useT } from "../../i18n/use-t";
import { meAtom } from "../../state/session";
import { staffStoreAtom } from "../../state/staff";

/** Where the points and vouchers are booked: a choice only for staff of several stores. */
export function StorePicker() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const [store, setStore] = useAtom(staffStoreAtom);
  const stores = me?.user.stores ?? [];
  if (stores.length === 0) return <Notice tone="info">{t("staff.noStore")}</Notice>;
  if (stores.length === 1) {
    return (
      <p className="store-line" data-testid="staff-store">
        <StoreIcon size={18} /> {stores[0]!.name}
      </p>
    );
  }
  return (
    <SelectField
      label={t("staff.store")}
      value={store?.id ?? ""}
      onChange={(e) => setStore(e.target.value)}
      options={stores.map((s) => ({ value: s.id, label: s.name }))}
    />
  );
}
