import { useAtomValue } from "jotai";
import { useState, type FormEvent } from "react";
import { Button, Page } from "zmp-ui";
import { ScannedMember } from "../../contract/members";
import { CheckCircleIcon, ScanIcon } from "../components/icons";
import { MemberAvatar } from "../components/member-avatar";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { TextField } from "../components/text-field";
import { TierBadge } from "../components/tier-badge";
import { errorKey } from "../i18n/error-key";
import { useFormatNumber, useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { scanCode } from "../platform/qr-scanner";
import { api, failureCode, withSession } from "../state/api";
import { isCounterUserAtom } from "../state/session";

type Outcome = { kind: "member"; member: ScannedMember } | { kind: "error"; message: MessageKey } | null;

/**
 * Staff mode: verify a shopper's live card. The camera scan comes from Zalo; where there is no
 * camera API (a desktop browser at the till, or the dev browser) staff paste the code instead.
 */
export function StaffPage() {
  const t = useT();
  const isCounter = useAtomValue(isCounterUserAtom);
  const [showPaste, setShowPaste] = useState(false);
  const [pasted, setPasted] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function verify(code: string) {
    setBusy(true);
    setOutcome(null);
    try {
      const member = await withSession(() => api.post("/staff/scan-member", { code }, ScannedMember));
      setOutcome({ kind: "member", member });
      setPasted("");
    } catch (err) {
      setOutcome({ kind: "error", message: errorKey(failureCode(err)) });
    } finally {
      setBusy(false);
    }
  }

  async function scan() {
    setOutcome(null);
    const code = await scanCode();
    if (code) await verify(code);
    else setShowPaste(true);
  }

  function submitPasted(e: FormEvent) {
    e.preventDefault();
    const code = pasted.trim();
    if (code) void verify(code);
  }

  if (!isCounter) {
    return (
      <Page className="page page--tab">
        <PageTitle title={t("staff.heading")} />
        <Notice tone="error">{t("staff.notAllowed")}</Notice>
      </Page>
    );
  }

  return (
    <Page className="page page--tab">
      <PageTitle title={t("staff.heading")} />
      <p className="muted">{t("staff.lead")}</p>
      <Button fullWidth size="large" prefixIcon={<ScanIcon />} disabled={busy} onClick={() => void scan()}>
        {t("staff.scan")}
      </Button>
      {/* The verdict goes right under the scan button: on a 640 px screen, below the paste
          form it would be out of sight. */}
      {outcome?.kind === "error" && <Notice tone="error">{t(outcome.message)}</Notice>}
      {outcome?.kind === "member" && <VerifiedMember member={outcome.member} />}
      {showPaste && (
        <form className="paste-form" onSubmit={submitPasted}>
          <p className="muted small">{t("staff.noCamera")}</p>
          <TextField
            label={t("staff.pasteLabel")}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="LL1.…"
          />
          <Button htmlType="submit" fullWidth variant="secondary" loading={busy} disabled={busy || !pasted.trim()}>
            {t("staff.check")}
          </Button>
        </form>
      )}
    </Page>
  );
}

function VerifiedMember({ member }: { member: ScannedMember }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  return (
    <section className="verified" role="status" aria-labelledby="verified-title">
      <p className="verified__badge" id="verified-title">
        <CheckCircleIcon size={20} /> {t("staff.verified")}
      </p>
      <div className="verified__who">
        <MemberAvatar name={member.displayName} src={member.avatarUrl} size={48} />
        <div>
          <h2 className="verified__name">{member.displayName}</h2>
          <TierBadge tier={member.tier} tone="on-light" />
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t("card.memberNo")}</dt>
          <dd>{member.memberNo}</dd>
        </div>
        <div>
          <dt>{t("staff.phone")}</dt>
          <dd>{member.phoneMasked ?? t("staff.noPhone")}</dd>
        </div>
        <div>
          <dt>{t("card.points")}</dt>
          <dd>{formatNumber(member.pointsBalance)}</dd>
        </div>
      </dl>
    </section>
  );
}
