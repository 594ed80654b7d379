import { z } from "zod";
import { ExportFile } from "../exports";
import { LocaleSchema, Uuid } from "../common";
import { REWARD_IMAGE_MAX_BYTES } from "../../domain/loyalty/reward-image";
import { defineEndpoints, type UploadRule } from "../endpoint";
import {
  AdjustmentRequest,
  Catalog,
  ConsoleLedgerPage,
  ConsoleLedgerQuery,
  EarnRequest,
  EarnResponse,
  LedgerExportQuery,
  LedgerPage,
  LedgerQuery,
  LedgerWriteResponse,
  Liability,
  LiabilityQuery,
  MemberDetail,
  MemberSummary,
  RedeemRequest,
  RedeemResponse,
  ReversalRequest,
  REWARD_IMAGE_PATH,
  RewardImage,
  RewardInput,
  RewardList,
  RewardPatch,
  RewardView,
  UseVoucherRequest,
  UseVoucherResponse,
  VoucherCheckRequest,
  VoucherCodeReveal,
  VoucherCancelRequest,
  VoucherCancelResponse,
  VoucherList,
  VoucherPreview,
} from "../loyalty";

const LocaleQuery = z.object({ locale: LocaleSchema.default("vi") });
const MemberParam = z.object({ memberId: Uuid });

/** A phone's photo; octet-stream too, for clients that cannot name it (the bytes decide anyway). */
const rewardImageFile: UploadRule = {
  maxBytes: REWARD_IMAGE_MAX_BYTES,
  types: ["image/jpeg", "image/png", "image/webp", "application/octet-stream"],
  tooLarge: "payload_too_large",
};

export const loyaltyEndpoints = defineEndpoints({
  // member
  summary: { method: "get", path: "/members/me/summary", query: LocaleQuery, response: MemberSummary },
  ledger: { method: "get", path: "/members/me/ledger", query: LedgerQuery, response: LedgerPage },
  catalog: { method: "get", path: "/rewards", response: Catalog },
  redeem: { method: "post", path: "/members/me/redemptions", body: RedeemRequest, response: RedeemResponse },
  myVouchers: { method: "get", path: "/members/me/vouchers", response: VoucherList },
  // counter
  earn: { method: "post", path: "/staff/earn", body: EarnRequest, response: EarnResponse },
  /** POST, not GET: a voucher code is a bearer secret and stays out of URLs and access logs. */
  previewVoucher: { method: "post", path: "/staff/vouchers/preview", body: VoucherCheckRequest, response: VoucherPreview },
  useVoucher: { method: "post", path: "/staff/vouchers/use", body: UseVoucherRequest, response: UseVoucherResponse },
  // console
  memberDetail: { method: "get", path: "/console/members/{memberId}", params: MemberParam, query: LocaleQuery, response: MemberDetail },
  memberLedger: {
    method: "get",
    path: "/console/members/{memberId}/ledger",
    params: MemberParam,
    query: ConsoleLedgerQuery,
    response: ConsoleLedgerPage,
  },
  /** The brand's whole ledger, newest first, filterable by who: what one cashier or manager did. */
  brandLedger: { method: "get", path: "/console/ledger", query: ConsoleLedgerQuery, response: ConsoleLedgerPage },
  /**
   * The same entries as CSV (every match, up to LEDGER_EXPORT_MAX_ROWS), for a spreadsheet.
   * Names and receipts are personal data: each export is recorded in the audit log.
   */
  exportLedger: {
    method: "get",
    path: "/console/ledger/export.csv",
    query: LedgerExportQuery,
    response: ExportFile,
    mediaType: "spreadsheet",
  },
  cancelVoucher: {
    method: "post",
    path: "/console/vouchers/{voucherId}/cancellation",
    params: z.object({ voucherId: Uuid }),
    body: VoucherCancelRequest,
    response: VoucherCancelResponse,
  },
  adjust: {
    method: "post",
    path: "/console/members/{memberId}/adjustments",
    params: MemberParam,
    body: AdjustmentRequest,
    response: LedgerWriteResponse,
  },
  reverse: {
    method: "post",
    path: "/console/ledger/{entryId}/reversal",
    params: z.object({ entryId: Uuid }),
    body: ReversalRequest,
    response: LedgerWriteResponse,
  },
  /** POST: each reveal writes an audit row. No body. */
  revealVoucherCode: {
    method: "post",
    path: "/console/vouchers/{voucherId}/code-reveal",
    params: z.object({ voucherId: Uuid }),
    response: VoucherCodeReveal,
  },
  listRewards: { method: "get", path: "/console/rewards", response: RewardList },
  createReward: { method: "post", path: "/console/rewards", body: RewardInput, response: RewardView, status: [201] },
  updateReward: {
    method: "patch",
    path: "/console/rewards/{rewardId}",
    params: z.object({ rewardId: Uuid }),
    body: RewardPatch,
    response: RewardView,
  },
  /** The image file as the body (image/jpeg, image/png or image/webp; the first bytes decide). */
  uploadRewardImage: { method: "post", path: "/console/rewards/images", upload: rewardImageFile, response: RewardImage, status: [201] },
  /** Public: an <img> carries no token. */
  rewardImage: {
    method: "get",
    path: `${REWARD_IMAGE_PATH}/{imageId}`,
    params: z.object({ imageId: Uuid }),
    response: z.string().meta({ description: "image/webp bytes" }),
    mediaType: "image/webp",
  },
  liability: { method: "get", path: "/console/liability", query: LiabilityQuery, response: Liability },
});
