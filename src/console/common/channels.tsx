import type { ChannelCounts } from "../../contract/messaging";
import type { Locale } from "../../domain/locale/locale";
import { formatNumber } from "../format";

/**
 * A message's channel in words, and a results view's figures per channel (campaigns, triggers):
 * marketers read "Thông báo Mini App", not `miniapp`. The words travel with this module, like
 * common/send-failures, so the log and both results views share one copy.
 */
const WORDS = {
  vi: {
    zns: "Tin ZNS",
    miniapp: "Thông báo Mini App",
    title: "Theo kênh",
    channel: "Kênh",
    sent: "Đã gửi",
    delivered: "Đã nhận",
    // Messages queued on the channel that did not go (stopped at send time or refused by Zalo), not
    // the recipients never queued (no consent, no phone): results' total counts those too.
    failed: "Đã xếp hàng, không gửi được",
    fellBack: "thay thông báo Mini App",
    noDelivery: "Zalo không báo thông báo Mini App đã tới máy: cột “Đã nhận” chỉ đếm tin ZNS.",
  },
  en: {
    zns: "ZNS message",
    miniapp: "Mini App notification",
    title: "By channel",
    channel: "Channel",
    sent: "Sent",
    delivered: "Delivered",
    failed: "Queued, not sent",
    fellBack: "instead of a Mini App notification",
    noDelivery: "Zalo does not report Mini App notifications as delivered: “Delivered” counts ZNS messages only.",
  },
} as const satisfies Record<Locale, Record<string, string>>;

export const channelWord = (locale: Locale, key: keyof (typeof WORDS)["vi"]) => WORDS[locale][key];

/** Sent, delivered and failed per channel; nothing when no message was queued yet. */
export function ChannelTable({ rows, locale }: { rows: ChannelCounts; locale: Locale }) {
  if (!rows.length) return null;
  const w = WORDS[locale];
  const n = (v: number) => formatNumber(locale, v);
  const notified = rows.some((r) => r.channel === "miniapp");
  return (
    <div className="table-wrap">
      <table className="table table-compact channel-table">
        <caption>{w.title}</caption>
        <thead>
          <tr>
            <th scope="col">{w.channel}</th>
            <th scope="col" className="num">
              {w.sent}
            </th>
            <th scope="col" className="num">
              {w.delivered}
            </th>
            <th scope="col" className="num">
              {w.failed}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.channel}>
              <th scope="row">{w[r.channel]}</th>
              <td className="num">{n(r.sent)}</td>
              {/* No delivery event exists for a notification (docs/messaging.md "Channels"): a 0 would read as "none arrived". */}
              <td className="num">{r.channel === "miniapp" ? "—" : n(r.delivered)}</td>
              <td className="num">{n(r.failed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notified && <p className="muted small">{w.noDelivery}</p>}
    </div>
  );
}
