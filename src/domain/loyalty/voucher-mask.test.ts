import { describe, expect, it } from "vitest";
import { maskVoucherCode, maskVoucherCodesIn } from "./voucher-mask";

describe("voucher codes in the console", () => {
  it("shows only the last group of a code", () => {
    expect(maskVoucherCode("ABCD-EFGH-JKMN-PQRS")).toBe("****-****-****-PQRS");
  });

  it("masks every code inside a message text and leaves the rest", () => {
    expect(maskVoucherCodesIn("Mã voucher ABCD-EFGH-JKMN-PQ02 (Cà phê), hạn 20/12. Mã 0000-1111-2222-3333.")).toBe(
      "Mã voucher ****-****-****-PQ02 (Cà phê), hạn 20/12. Mã ****-****-****-3333.",
    );
    expect(maskVoucherCodesIn("Hoá đơn HD-0001-A, 125 điểm")).toBe("Hoá đơn HD-0001-A, 125 điểm");
  });
});
