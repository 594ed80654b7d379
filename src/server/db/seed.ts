import type { OpeningHours } from "../../domain/stores/stores";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import {
  brands,
  checkinSettings,
  consents,
  loyaltySettings,
  members,
  oaTokens,
  preferenceAnswers,
  preferenceForms,
  referralSettings,
  rewards,
  staffStores,
  stores,
  users,
  znsTemplates,
} from "./schema";
import { DEFAULT_TIER_RULES } from "../../domain/loyalty/tiers";
import type { SystemReason } from "../../domain/loyalty/ledger";
import { credit, lockMember } from "../features/loyalty/posting";
import { MEMBERSHIP_TERMS_VERSION } from "../../domain/consent/membership-terms";
import { PURPOSES } from "../../domain/consent/purposes";
import { DEFAULT_FORM_QUESTIONS } from "../../domain/preferences/fields";
import { formProgress, profileBonusKey, type AnswerValue, type Question } from "../../domain/preferences/form";
import { seedDemoGame } from "./seed-game";
import { seedDemoSurveys } from "./seed-surveys";

/**
 * The demo brand's ZNS templates (ids as Zalo would issue them after approval; in the sandbox
 * they are only labels). Parameter names follow the ZBS rules: no diacritics, words joined by _.
 */

/** The demo stores' opening hours (a café: early mornings, late on weekends). */
const DEMO_HOURS: OpeningHours = {
  mon: { open: "07:00", close: "22:00" },
  tue: { open: "07:00", close: "22:00" },
  wed: { open: "07:00", close: "22:00" },
  thu: { open: "07:00", close: "22:00" },
  fri: { open: "07:00", close: "23:00" },
  sat: { open: "07:30", close: "23:00" },
  sun: { open: "07:30", close: "22:00" },
};

export const DEMO_TEMPLATES = [
  {
    name: "Chào mừng thành viên",
    znsTemplateId: "301001",
    tag: "customer_care" as const,
    trigger: "welcome" as const,
    preview:
      "Chào mừng <ten_khach_hang> đến với Cà Phê Mây! Mã thành viên của bạn: <ma_khach_hang>. Tích điểm mỗi lần ghé quán để đổi ưu đãi.",
    params: [
      { name: "ten_khach_hang", type: "customer_name" as const, source: { field: "name" as const }, fallback: "Quý khách" },
      { name: "ma_khach_hang", type: "code" as const, source: { field: "member_no" as const } },
    ],
  },
  {
    name: "Cập nhật điểm",
    znsTemplateId: "301002",
    tag: "customer_care" as const,
    trigger: "points_updated" as const,
    preview: "<ten_khach_hang> ơi, bạn vừa được cộng <diem> điểm. Tổng điểm hiện có: <tong_diem>. Mã thành viên: <ma_khach_hang>.",
    params: [
      { name: "ten_khach_hang", type: "customer_name" as const, source: { field: "name" as const }, fallback: "Quý khách" },
      { name: "diem", type: "number" as const, source: { field: "points_earned" as const } },
      { name: "tong_diem", type: "number" as const, source: { field: "points_balance" as const } },
      { name: "ma_khach_hang", type: "code" as const, source: { field: "member_no" as const } },
    ],
  },
  {
    name: "Voucher vừa đổi",
    znsTemplateId: "301003",
    tag: "customer_care" as const,
    trigger: "voucher_issued" as const,
    preview: "<ten_khach_hang> đã đổi <ten_qua>. Mã voucher: <ma_voucher>. Đưa mã cho nhân viên khi thanh toán.",
    params: [
      { name: "ten_khach_hang", type: "customer_name" as const, source: { field: "name" as const }, fallback: "Quý khách" },
      { name: "ten_qua", type: "product" as const, source: { field: "reward_name" as const } },
      { name: "ma_voucher", type: "code" as const, source: { field: "voucher_code" as const } },
    ],
  },
  {
    // The manual one: no trigger, sent by a manager from a feedback case ("send a care ZNS").
    name: "Cửa hàng hỏi thăm",
    znsTemplateId: "301005",
    tag: "customer_care" as const,
    trigger: null,
    preview:
      "<ten_khach_hang> ơi, Cà Phê Mây đã nhận được góp ý của bạn. Cảm ơn bạn đã chia sẻ, quán sẽ liên hệ để lắng nghe thêm và khắc phục sớm nhất.",
    params: [{ name: "ten_khach_hang", type: "customer_name" as const, source: { field: "name" as const }, fallback: "Quý khách" }],
  },
  {
    name: "Khuyến mãi cuối tuần",
    znsTemplateId: "301004",
    tag: "promotion" as const,
    trigger: null,
    preview: "<ten_khach_hang> ơi, cuối tuần này <mon_yeu_thich> giảm 20% tại <cua_hang>. Hạng <hang> của bạn được cộng thêm điểm.",
    params: [
      { name: "ten_khach_hang", type: "customer_name" as const, source: { field: "name" as const }, fallback: "Quý khách" },
      { name: "mon_yeu_thich", type: "product" as const, source: { field: "favourite_category" as const }, fallback: "Cà phê" },
      { name: "cua_hang", type: "label" as const, source: { field: "preferred_store" as const }, fallback: "mọi cửa hàng" },
      { name: "hang", type: "label" as const, source: { field: "tier" as const } },
    ],
  },
];

/** The demo brand's form: the standard questions worded for a café, and one question of its own. */
export const DEMO_FORM: Question[] = DEFAULT_FORM_QUESTIONS.map((q): Question => {
  if (q.id !== "favourite_categories") return q;
  return {
    ...q,
    label: { vi: "Bạn hay gọi món gì ở Cà Phê Mây?", en: "What do you usually order at Cà Phê Mây?" },
    options: [
      { id: "coffee", label: { vi: "Cà phê", en: "Coffee" } },
      { id: "tea", label: { vi: "Trà & trà sữa", en: "Tea & milk tea" } },
      { id: "juice", label: { vi: "Nước ép & sinh tố", en: "Juice & smoothies" } },
      { id: "pastry", label: { vi: "Bánh ngọt", en: "Pastries" } },
      { id: "merchandise", label: { vi: "Ly, túi & quà tặng", en: "Cups, bags & gifts" } },
    ],
  };
}).concat([
  {
    id: "milk",
    kind: "single",
    label: { vi: "Bạn thích loại sữa nào trong đồ uống?", en: "Which milk do you like in your drinks?" },
    options: [
      { id: "condensed", label: { vi: "Sữa đặc", en: "Condensed milk" } },
      { id: "fresh", label: { vi: "Sữa tươi", en: "Fresh milk" } },
      { id: "oat", label: { vi: "Sữa yến mạch", en: "Oat milk" } },
      { id: "none", label: { vi: "Không dùng sữa", en: "No milk" } },
    ],
    optional: true,
  },
]);

/** Fixed identities, so the dev Mini App and the docs can name them. */
export const DEMO = {
  brandSlug: "demo",
  brandName: "Cà Phê Mây",
  staffZaloId: "dev-staff-demo",
  managerEmail: "manager@demo.loyalloop.vn",
  marketerEmail: "marketer@demo.loyalloop.vn",
  adminEmail: "admin@demo.loyalloop.vn",
  /** Daily check-in points for day 1..7 of the streak's cycle. */
  checkinPointsPerDay: [5, 5, 10, 10, 15, 15, 30],
  /** Referral rewards: the referrer, the friend at their first purchase, and at most 5 paid referrals a month per referrer. */
  referral: { referrerPoints: 100, friendPoints: 50, monthlyCap: 5 },
} as const;

const MEMBER_NAMES = [
  ["Nguyễn Thị Lan", "84912345678"],
  ["Trần Văn Minh", "84903123456"],
  ["Lê Hoàng Anh", null],
  ["Phạm Thu Hà", "84987654321"],
  ["Hoàng Đức Thắng", "84868111222"],
  ["Vũ Ngọc Mai", null],
  ["Đặng Quốc Bảo", "84935222333"],
  ["Bùi Thanh Hương", "84977444555"],
  ["Đỗ Gia Huy", null],
  ["Ngô Mỹ Linh", "84915666777"],
  ["Dương Khánh Vy", "84329888999"],
  ["Lý Tuấn Kiệt", null],
  ["Phan Bảo Ngọc", "84398123123"],
  ["Trịnh Hải Đăng", "84707456456"],
  ["Mai Phương Thảo", "84789789789"],
  ["Hồ Nhật Nam", null],
  ["Tạ Minh Châu", "84563321321"],
  ["Cao Thị Yến", "84852654654"],
  ["Lâm Chí Thanh", null],
  ["Kiều Anh Thư", "84945987987"],
  ["Quách Thành Long", "84376147147"],
  ["Đinh Ngọc Trâm", "84886258258"],
  ["Tôn Nữ Hạnh", null],
  ["Võ Trung Kiên", "84906369369"],
] as const;

export type SeedResult = "seeded" | "exists" | "refused_real_oa";

/**
 * Seeds the demo brand once; does nothing when the brand exists. Never for a brand with a real
 * OA: one whose OA tokens are stored, or any brand when `realOa` says this deployment sends
 * through Zalo (ZNS_TRANSPORT=zalo) — made-up members and their phone numbers would be messaged.
 */
export async function seedDemo(
  db: Db,
  slug: string = DEMO.brandSlug,
  nowMillis = Date.now(),
  opts: { realOa?: boolean } = {},
): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    if (opts.realOa) return "refused_real_oa";
    const existing = await tx
      .select({ id: brands.id, connected: oaTokens.brandId })
      .from(brands)
      .leftJoin(oaTokens, eq(oaTokens.brandId, brands.id))
      .where(eq(brands.slug, slug));
    if (existing.length) return existing[0]!.connected ? "refused_real_oa" : "exists";
    // A made-up Mini App id: in the sandbox the link is only shown, never opened.
    const [brand] = await tx
      .insert(brands)
      .values({ slug, name: DEMO.brandName, miniAppUrl: "https://zalo.me/s/3423472366583461276/" })
      .returning();
    const brandId = brand!.id;
    const [q1, cg] = await tx
      .insert(stores)
      .values([
        {
          brandId,
          name: "Cà Phê Mây — Quận 1",
          address: "12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh",
          phone: "028 3822 1234",
          mapUrl: "https://www.google.com/maps/search/?api=1&query=12+Nguy%E1%BB%85n+Hu%E1%BB%87+Qu%E1%BA%ADn+1",
          openingHours: DEMO_HOURS,
        },
        {
          brandId,
          name: "Cà Phê Mây — Cầu Giấy",
          address: "88 Xuân Thủy, Cầu Giấy, Hà Nội",
          phone: "024 3768 5678",
          mapUrl: "https://www.google.com/maps/search/?api=1&query=88+Xu%C3%A2n+Th%E1%BB%A7y+C%E1%BA%A7u+Gi%E1%BA%A5y",
          openingHours: { ...DEMO_HOURS, sun: null },
        },
      ])
      .returning();
    const [staff] = await tx
      .insert(users)
      .values({ brandId, role: "staff", zaloId: DEMO.staffZaloId, displayName: "Võ Thanh Tùng" })
      .returning();
    await tx.insert(staffStores).values({ userId: staff!.id, storeId: q1!.id });
    await tx.insert(users).values([
      { brandId, role: "manager", email: DEMO.managerEmail, displayName: "Đỗ Minh Châu" },
      { brandId, role: "marketer", email: DEMO.marketerEmail, displayName: "Nguyễn Hải Yến" },
      { brandId, role: "admin", email: DEMO.adminEmail, displayName: "Chủ thương hiệu" },
    ]);
    await tx.insert(loyaltySettings).values({ brandId, tierRules: DEFAULT_TIER_RULES });
    // The Games page's daily check-in and "invite a friend" (issue 14; decision 0032), switched on.
    await tx.insert(checkinSettings).values({ brandId, enabled: true, pointsPerDay: [...DEMO.checkinPointsPerDay] });
    await tx.insert(referralSettings).values({ brandId, enabled: true, ...DEMO.referral });
    await tx
      .insert(preferenceForms)
      .values({ brandId, version: 1, questions: DEMO_FORM, createdAt: new Date(nowMillis - 40 * 86_400_000) });
    await tx.insert(znsTemplates).values(DEMO_TEMPLATES.map((t) => ({ ...t, brandId })));
    await tx.insert(rewards).values([
      { brandId, name: "Bánh croissant bơ", description: "Một bánh croissant bơ nướng trong ngày.", pointsCost: 40 },
      { brandId, name: "Cà phê sữa đá miễn phí", description: "Một ly cà phê sữa đá size M tại mọi cửa hàng.", pointsCost: 50, stock: 100 },
      {
        brandId,
        name: "Giảm 20% hoá đơn",
        description: "Giảm 20% cho một hoá đơn, tối đa 100.000 ₫. Dành cho hạng Vàng và Kim cương.",
        pointsCost: 120,
        eligibleTiers: ["gold", "diamond"],
      },
      {
        brandId,
        name: "Ly giữ nhiệt Cà Phê Mây",
        description: "Ly giữ nhiệt 500 ml in logo Cà Phê Mây.",
        pointsCost: 300,
        stock: 20,
        voucherValidityDays: 60,
      },
    ]);
    // Members joined over the past weeks, oldest first, so the console lists newest first.
    for (const [i, [name, phone]] of MEMBER_NAMES.entries()) {
      const joinedAt = new Date(nowMillis - (MEMBER_NAMES.length - i) * 36 * 3_600_000);
      const [user] = await tx
        .insert(users)
        .values({ brandId, role: "member", zaloId: `dev-demo-member-${i + 1}`, displayName: name, phone, createdAt: joinedAt })
        .returning();
      await tx.insert(members).values({ userId: user!.id, brandId, qrSecret: randomBytes(32).toString("hex"), joinedAt });
      // A few past purchases, posted through the real ledger code, so balances, history and
      // the console's liability figures have something to show.
      const visits = i < 12 ? (i % 4) + 1 : 0;
      const locked = await lockMember(tx, (await tx.select({ id: members.id }).from(members).where(eq(members.userId, user!.id)))[0]!.id);
      for (let v = 0; v < visits; v++) {
        const bill = 45_000 + ((i * 7 + v * 13) % 20) * 15_000;
        await credit(tx, locked!, Math.floor(bill / 10_000), {
          kind: "earn",
          // Demo history, written by the seed rather than at a counter.
          actorKind: "system",
          at: joinedAt.getTime() + (v + 1) * 3 * 3_600_000,
          storeId: v % 2 === 0 ? q1!.id : cg!.id,
          receiptNo: `SEED-${i + 1}-${v + 1}`,
          billVnd: bill,
          validityMonths: 12,
        });
      }
      await tx.insert(consents).values({
        userId: user!.id,
        purpose: "membership",
        granted: true,
        wordingVersion: `${MEMBERSHIP_TERMS_VERSION}/vi`,
        channel: "seed",
        createdAt: joinedAt,
      });
      // Some members told us their preferences (a few completely) and chose their messages,
      // so the console's charts and member pages have something real to show.
      const answers = demoAnswers(i, q1!.id, cg!.id);
      const answeredAt = new Date(joinedAt.getTime() + 3_600_000);
      for (const [questionId, value] of answers) {
        await tx.insert(preferenceAnswers).values({ memberId: locked!.id, questionId, formVersion: 1, value, updatedAt: answeredAt });
      }
      if (formProgress({ version: 1, questions: DEMO_FORM }, new Set(answers.keys())).complete) {
        await tx.update(members).set({ profileCompletedAt: answeredAt }).where(eq(members.id, locked!.id));
        await credit(tx, locked!, 50, {
          kind: "bonus",
          actorKind: "survey",
          at: answeredAt.getTime(),
          reason: "profile_completed" satisfies SystemReason,
          idempotencyKey: profileBonusKey(locked!.id),
          validityMonths: 12,
        });
      }
      const purposes = (["zns_care", "zns_promo", "personalisation", "analytics"] as const).filter((_, k) => (i + k) % 3 !== 0);
      if (i % 5 !== 4 && purposes.length) {
        await tx.insert(consents).values(
          purposes.map((p) => ({
            userId: user!.id,
            purpose: p,
            granted: true,
            wordingVersion: PURPOSES[p].version,
            channel: "seed",
            createdAt: answeredAt,
          })),
        );
      }
    }
    await seedDemoSurveys(tx, brandId, nowMillis);
    await seedDemoGame(tx, brandId, nowMillis);
    return "seeded";
  });
}

/** Deterministic answers for demo member `i`: the first third complete, the next third partial, the rest none. */
function demoAnswers(i: number, q1: string, cg: string): Map<string, AnswerValue> {
  const out = new Map<string, AnswerValue>();
  if (i >= 16) return out;
  const pick = <T>(xs: readonly T[], k: number) => xs[k % xs.length]!;
  out.set("birthday", { kind: "birthday", day: ((i * 7) % 28) + 1, month: ((i * 5) % 12) + 1 });
  out.set("favourite_categories", {
    kind: "multi",
    optionIds: pick([["coffee"], ["coffee", "pastry"], ["tea"], ["juice", "pastry"], ["coffee", "tea", "merchandise"]], i),
  });
  if (i >= 11) return out;
  out.set("preferred_store", { kind: "store", storeId: i % 3 === 0 ? cg : q1 });
  out.set("offer_frequency", { kind: "single", optionId: pick(["weekly", "monthly", "important_only", "monthly"], i) });
  if (i >= 7) return out;
  out.set("topics", {
    kind: "multi",
    optionIds: pick([["new_products"], ["discounts"], ["events", "discounts"], ["new_products", "discounts"]], i),
  });
  out.set("milk", { kind: "single", optionId: pick(["condensed", "fresh", "oat", "condensed", "none"], i) });
  return out;
}
