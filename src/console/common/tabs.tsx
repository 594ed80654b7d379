import { useId, useRef, type ReactNode } from "react";

export type TabDef<Id extends string> = { id: Id; label: string; count?: number; panel: ReactNode };

type Props<Id extends string> = {
  label: string;
  tabs: readonly TabDef<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
};

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs; only
 * the selected tab is in the Tab order. The count is decoration (the panel's table says the
 * same), kept out of the tab's accessible name so it stays a stable "Lịch sử điểm".
 */
export function Tabs<Id extends string>({ label, tabs, selected, onSelect }: Props<Id>) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const current = tabs.find((tab) => tab.id === selected) ?? tabs[0];

  const move = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${baseId}-tab-${tab.id}`)}`)?.focus();
  };

  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label} ref={listRef}>
        {tabs.map((tab, index) => {
          const active = tab.id === current?.id;
          return (
            <button
              key={tab.id}
              id={`${baseId}-tab-${tab.id}`}
              type="button"
              role="tab"
              className="tab"
              aria-selected={active}
              aria-controls={`${baseId}-panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              onKeyDown={(event) => {
                const to =
                  event.key === "ArrowRight"
                    ? index + 1
                    : event.key === "ArrowLeft"
                      ? index - 1
                      : event.key === "Home"
                        ? 0
                        : event.key === "End"
                          ? tabs.length - 1
                          : null;
                if (to === null) return;
                event.preventDefault();
                move(to);
              }}
            >
              <span>{tab.label}</span>
              {tab.count !== undefined && (
                <span className="tab-count" aria-hidden="true">
                  {tab.count}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {/* Every panel is in the DOM (aria-controls must point somewhere); only the selected one shows. */}
      {tabs.map((tab) => (
        <div
          key={tab.id}
          id={`${baseId}-panel-${tab.id}`}
          role="tabpanel"
          aria-labelledby={`${baseId}-tab-${tab.id}`}
          className="tab-panel"
          hidden={tab.id !== current?.id}
          tabIndex={0}
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
