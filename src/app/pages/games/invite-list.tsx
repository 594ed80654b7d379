import { useFormatDate } from "../../i18n/use-t";
import { useGameT } from "./strings";

/**
 * Where an invited friend is: invited (opened the link), joined (a member now), purchased (first
 * purchase made), rewarded (both got the reward), rejected (the programme's rules refused it),
 * reversed (the first purchase was returned, the rewards taken back). `note` says why someone was
 * not paid (self-referral, already a member, the monthly cap, the purchase returned).
 */
export type InviteState = "invited" | "joined" | "purchased" | "rewarded" | "rejected" | "reversed";
export type InviteNote = "referral_self" | "referral_already_member" | "referral_cap_reached" | "referral_reversed";
export type InviteRow = { id: string; name: string; state: InviteState; note: InviteNote | null; at: string };

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
            <span className="invite-row__when">
              {i.note ? gt(`invite.note.${i.note}`) : gt("invite.since", { date: formatDate(i.at) })}
            </span>
          </span>
          <span className={`invite-state invite-state--${i.state}`}>{gt(`invite.state.${i.state}`)}</span>
        </li>
      ))}
    </ul>
  );
}
