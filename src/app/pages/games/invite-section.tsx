import { useAtomValue, useSetAtom } from "jotai";
import { useRef, useState } from "react";
import { Button } from "zmp-ui";
import type { MyReferrals } from "../../../contract/referrals";
import { Dialog } from "../../components/dialog";
import { Notice } from "../../components/notice";
import { Skeleton } from "../../components/skeleton";
import { useSuccessToast } from "../../components/use-toast";
import { useFormatNumber, useT } from "../../i18n/use-t";
import { shareLink } from "../../platform/game-sdk";
import { loadMyReferralsAtom, myReferralsAtom } from "../../state/referrals";
import { ShareIcon, UsersIcon } from "./game-icons";
import { InviteList, type InviteRow } from "./invite-list";
import { useGameT } from "./strings";

/** "Mời bạn bè": the member's invitation link through Zalo's share sheet, and their invites with each friend's state. */
export function InviteSection() {
  const t = useT();
  const gt = useGameT();
  const state = useAtomValue(myReferralsAtom);
  const load = useSetAtom(loadMyReferralsAtom);

  if (state.status === "loading") {
    return (
      <section className="panel game-panel" aria-busy="true" aria-label={gt("invite.heading")}>
        <Skeleton width="45%" height={20} />
        <Skeleton width="90%" height={16} />
        <Skeleton height={48} radius={12} />
      </section>
    );
  }
  if (state.status === "error") {
    return (
      <section className="panel game-panel" aria-label={gt("invite.heading")}>
        <Notice tone="error">{gt("games.loadError")}</Notice>
        <Button variant="secondary" fullWidth onClick={() => void load()}>
          {t("common.retry")}
        </Button>
      </section>
    );
  }
  if (!state.data.enabled || !state.data.shareLink) return null;
  return <InvitePanel referrals={state.data} link={state.data.shareLink} />;
}

function InvitePanel({ referrals, link }: { referrals: MyReferrals; link: string }) {
  const gt = useGameT();
  const formatNumber = useFormatNumber();
  const toast = useSuccessToast();
  const [devLink, setDevLink] = useState(false);
  const [busy, setBusy] = useState(false);

  async function invite() {
    if (busy) return;
    setBusy(true);
    try {
      const outcome = await shareLink(link);
      if (outcome === "shared") toast(gt("invite.shared"));
      // No share sheet here (outside Zalo, an old Zalo): the link itself, to copy.
      if (outcome === "unavailable") setDevLink(true);
    } finally {
      setBusy(false);
    }
  }

  const rows: InviteRow[] = referrals.invites.map((i) => ({
    id: i.id,
    name: i.friendName,
    state: i.state,
    note: i.note,
    at: i.rewardedAt ?? i.purchasedAt ?? i.joinedAt ?? i.invitedAt,
  }));
  const points = (n: number) => `${formatNumber(n)} ${gt("invite.points")}`;

  return (
    <section className="panel game-panel" aria-labelledby="invite-heading">
      <h2 className="panel__title panel__title--icon" id="invite-heading">
        <UsersIcon size={22} /> {gt("invite.heading")}
      </h2>
      <p className="small">{gt("invite.body")}</p>
      <p className="invite-reward">
        {gt("invite.reward", { referrer: points(referrals.referrerPoints), friend: points(referrals.friendPoints) })}
      </p>
      <Button fullWidth size="large" prefixIcon={<ShareIcon size={20} />} loading={busy} onClick={() => void invite()}>
        {gt("invite.button")}
      </Button>
      <h3 className="invite-mine">{gt("invite.mine")}</h3>
      <InviteList invites={rows} label={gt("invite.mine")} />
      <DevLinkDialog link={link} visible={devLink} onClose={() => setDevLink(false)} />
    </section>
  );
}

/** Outside Zalo there is no share sheet: the link, shown whole and copied with one tap. */
function DevLinkDialog({ link, visible, onClose }: { link: string; visible: boolean; onClose: () => void }) {
  const t = useT();
  const gt = useGameT();
  const toast = useSuccessToast();
  const field = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      toast(gt("invite.copied"));
    } catch {
      // No clipboard permission (an http page, an old webview): select it for a manual copy.
      field.current?.select();
    }
  }

  return (
    <Dialog visible={visible} onClose={onClose} labelledBy="invite-link-title">
      <div className="dialog-body">
        <h2 className="dialog-title" id="invite-link-title">
          {gt("invite.devTitle")}
        </h2>
        <p className="muted small">{gt("invite.devHint")}</p>
        <input
          ref={field}
          className="invite-link"
          readOnly
          value={link}
          aria-label={gt("invite.devTitle")}
          data-testid="invite-link"
          onFocus={(e) => e.currentTarget.select()}
        />
        <div className="dialog-actions">
          <Button variant="secondary" onClick={onClose}>
            {t("common.close")}
          </Button>
          <Button onClick={() => void copy()}>{gt("invite.copy")}</Button>
        </div>
      </div>
    </Dialog>
  );
}
