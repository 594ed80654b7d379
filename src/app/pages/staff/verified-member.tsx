import type { ScannedMember } from "../../../contract/members";
import { CheckCircleIcon } from "../../components/icons";
import { MemberAvatar } from "../../components/member-avatar";
import { TierBadge } from "../../components/tier-badge";
import { useFormatNumber, useT } from "../../i18n/use-t";

/** The member the server just verified, as staff compare them with the shopper at the till. */
export function VerifiedMember({ member }: { member: ScannedMember }) {
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
