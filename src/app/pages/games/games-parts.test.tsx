import { render, screen, within } from "@testing-library/react";
import { createStore, Provider } from "jotai";
import { describe, expect, it } from "vitest";
import { localeAtom } from "../../state/locale";
import { CheckinCalendar, type CheckinDay } from "./checkin-calendar";
import { InviteList, type InviteRow } from "./invite-list";

const DAYS: CheckinDay[] = [
  { key: "1", label: "Ngày 1", points: 5, state: "checked", isToday: false },
  { key: "2", label: "Ngày 2", points: 10, state: "checked", isToday: false },
  { key: "3", label: "Ngày 3", points: 15, state: "today", isToday: true },
  { key: "4", label: "Ngày 4", points: 20, state: "upcoming", isToday: false },
  { key: "5", label: "Ngày 5", points: 25, state: "upcoming", isToday: false },
  { key: "6", label: "Ngày 6", points: 30, state: "upcoming", isToday: false },
  { key: "7", label: "Ngày 7", points: 1000, state: "upcoming", isToday: false },
];

const INVITES: InviteRow[] = [
  { id: "1", name: "Lan Anh", state: "rewarded", note: null, at: "2026-12-01T03:00:00Z" },
  { id: "2", name: "Minh", state: "purchased", note: null, at: "2026-12-03T03:00:00Z" },
  { id: "3", name: "Thu Hà", state: "joined", note: null, at: "2026-12-05T20:00:00Z" },
  { id: "4", name: "Tuấn", state: "rewarded", note: "referral_cap_reached", at: "2026-12-02T03:00:00Z" },
  { id: "5", name: "Ngọc", state: "rejected", note: "referral_already_member", at: "2026-12-02T03:00:00Z" },
  { id: "6", name: "Hải", state: "reversed", note: "referral_reversed", at: "2026-12-02T03:00:00Z" },
];

function renderIn(ui: React.ReactNode, locale: "vi" | "en" = "vi") {
  const store = createStore();
  store.set(localeAtom, locale);
  return render(<Provider store={store}>{ui}</Provider>);
}

describe("check-in calendar", () => {
  it("shows the 7 days with their points, what was checked, today and what is to come", () => {
    renderIn(<CheckinCalendar days={DAYS} label="Lịch điểm danh 7 ngày" />);
    const days = within(screen.getByRole("list", { name: "Lịch điểm danh 7 ngày" })).getAllByRole("listitem");
    expect(days).toHaveLength(7);
    expect(days[0]).toHaveAccessibleName("Ngày 1: đã điểm danh, +5 điểm");
    expect(days[2]).toHaveAccessibleName("Ngày 3: hôm nay, +15 điểm");
    expect(days[2]).toHaveAttribute("aria-current", "date");
    expect(days[6]).toHaveAccessibleName("Ngày 7: +1.000 điểm");
    expect(days.map((d) => d.dataset.state)).toEqual(["checked", "checked", "today", "upcoming", "upcoming", "upcoming", "upcoming"]);
  });

  it("a missed day says so; today stays marked once checked", () => {
    const days: CheckinDay[] = [
      { key: "a", label: "T2", points: 5, state: "missed", isToday: false },
      { key: "b", label: "T3", points: 5, state: "checked", isToday: true },
    ];
    renderIn(<CheckinCalendar days={days} label="cal" />);
    const [missed, today] = screen.getAllByRole("listitem");
    expect(missed).toHaveAccessibleName("T2: bỏ lỡ");
    expect(today).toHaveAccessibleName("T3: đã điểm danh, +5 điểm");
    expect(today).toHaveAttribute("aria-current", "date");
  });
});

describe("invite list", () => {
  it("each friend with their state: joined, purchased, rewarded, rejected, reversed", () => {
    renderIn(<InviteList invites={INVITES} label="Lời mời của tôi" />);
    const rows = within(screen.getByRole("list", { name: "Lời mời của tôi" })).getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Lan AnhTừ 01/12/2026Đã nhận quà",
      "MinhTừ 03/12/2026Đã mua hàng",
      // 20:00 UTC is already the next day in Vietnam.
      "Thu HàTừ 06/12/2026Đã tham gia",
      "TuấnBạn đã nhận đủ quà mời bạn của tháng này; bạn bè vẫn được nhận quàĐã nhận quà",
      "NgọcBạn này đã là thành viên từ trướcKhông hợp lệ",
      "HảiĐơn mua đầu tiên của bạn bè đã được trả hoặc huỷ nên quà của cả hai được thu hồiĐã thu hồi",
    ]);
  });

  it("in English too", () => {
    renderIn(<InviteList invites={INVITES} label="My invitations" />, "en");
    const list = screen.getByRole("list", { name: "My invitations" });
    expect(list).toHaveTextContent("Lan AnhSince 01/12/2026Rewarded");
    expect(list).toHaveTextContent("HảiYour friend's first purchase was returned or cancelled, so both rewards were taken backTaken back");
  });

  it("no invites yet: says so, with what to do", () => {
    renderIn(<InviteList invites={[]} label="Lời mời của tôi" />);
    expect(screen.getByText("Bạn chưa mời ai. Mời bạn bè để cùng nhận quà!")).toBeInTheDocument();
  });
});
