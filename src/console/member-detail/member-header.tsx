import type { MemberDetail } from "../../contract/loyalty";
import { initials } from "../common/initials";
import { TierBadge } from "../common/tier-badge";
import { formatDate } from "../format";
import { useLocale } from "../locale-context";
import { AdjustIcon } from "../shell/icons";

type Props = { member: MemberDetail; onAdjust: (() => void) | null };

/** Who the member is, and (for managers) the one action that applies to the whole member. */
export function MemberHeader({ member, onAdjust }: Props) {
  const { t, locale } = useLocale();
  return (
    <header className="card member-header">
      <div className="member-identity">
        {member.avatarUrl ? (
          <img className="avatar avatar-lg" src={member.avatarUrl} alt="" />
        ) : (
          <span className="avatar avatar-lg" aria-hidden="true">
            {initials(member.displayName)}
          </span>
        )}
        <div className="member-identity-text">
          <div className="page-title-row">
            <h1>{member.displayName}</h1>
            <TierBadge tier={member.summary.tier.code} />
          </div>
          <dl className="member-meta">
            <div>
              <dt>{t("detail.memberNo")}</dt>
              <dd className="mono">{member.memberNo}</dd>
            </div>
            <div>
              <dt>{t("detail.phone")}</dt>
              <dd className={member.phoneMasked ? "mono" : "muted"}>{member.phoneMasked ?? t("members.noPhone")}</dd>
            </div>
            <div>
              <dt>{t("detail.joinedAt")}</dt>
              <dd>
                <time dateTime={member.joinedAt}>{formatDate(locale, member.joinedAt)}</time>
              </dd>
            </div>
          </dl>
        </div>
      </div>
      {onAdjust && (
        <button type="button" className="button button-primary button-lg" onClick={onAdjust}>
          <AdjustIcon />
          <span>{t("adjust.open")}</span>
        </button>
      )}
    </header>
  );
}
