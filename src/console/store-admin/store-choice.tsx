import { useApiResource } from "../common/use-api-resource";
import { storeConsoleEndpoints } from "../../contract/endpoints/stores";
import { useLocale } from "../locale-context";

/** Checkboxes of the brand's active stores (a cashier works at one or more). */
export function StoreChoice({
  legend,
  chosen,
  onChange,
  error,
}: {
  legend: string;
  chosen: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  error: string | null;
}) {
  const { t } = useLocale();
  const { state } = useApiResource(storeConsoleEndpoints.storeAdminList);
  const stores = state.status === "ready" ? state.data.stores.filter((s) => s.active) : [];
  return (
    <fieldset className={`field store-choice${error ? " field-invalid" : ""}`}>
      <legend className="field-label">{legend}</legend>
      {state.status === "loading" && <span className="skeleton" />}
      {stores.map((s) => (
        <label key={s.id} className="check">
          <input
            type="checkbox"
            checked={chosen.has(s.id)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(s.id);
              else next.delete(s.id);
              onChange(next);
            }}
          />
          <span>{s.name}</span>
        </label>
      ))}
      {state.status === "ready" && stores.length === 0 && <p className="muted">{t("stores.emptyHint")}</p>}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
