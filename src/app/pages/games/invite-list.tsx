import { useFormatDate } from "../../i18n/use-t";
import { useGameT } from "./strings";

/** Where an invited friend is: joined (a member now), purchased (first purchase made), rewarded (both got the reward). */
export type InviteState = "joined" | "purchased" | "rewarded";
export type InviteRow = { id: string; name: string; state: InviteState; at: string };

/** The member's invites, newest first, with each friend's state. */
export function InviteList({ invites, label }: { invites: readonly InviteRow[]; label: string }) {
  const gt = useGameT();
  const formatDate = useFormatDate();
  if (invites.length === 0) return <p className="muted small">{gt("invite.none")}</p>;
  return (
    <ul className="invite-list" aria-label={label}>
      {invites.map((i) => (
        <li key={i.id} className="invite-row">
          <span className="invite-row__who">
            <span className="invite-row__name">{i.name}</span>
            <span className="invite-row__when">{gt("invite.since", { date: formatDate(i.at) })}</span>
          </span>
          <span className={`invite-state invite-state--${i.state}`}>{gt(`invite.state.${i.state}`)}</span>
        </li>
      ))}
    </ul>
  );
}
