import { describe, expect, it } from "vitest";
import { parseMemberQuery } from "./member-query";

describe("parseMemberQuery: card numbers in part, phones only whole", () => {
  it("reads a whole phone number in any usual form as the stored 84… number", () => {
    for (const typed of ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "(0912) 345-678"]) {
      expect(parseMemberQuery(typed).phone).toBe("84912345678");
    }
  });

  it("never reads part of a phone number as a phone: no digit-by-digit recovery of a masked number", () => {
    for (const typed of ["0912", "09123", "091234567", "0912 345 67", "345678", "678", "+84 912"]) {
      expect(parseMemberQuery(typed).phone).toBeNull();
    }
  });

  it("matches card numbers in part from three digits, whole below that", () => {
    expect(parseMemberQuery("00000025").card).toEqual({ kind: "partial", digits: "00000025" });
    expect(parseMemberQuery("025").card).toEqual({ kind: "partial", digits: "025" });
    expect(parseMemberQuery("25").card).toEqual({ kind: "exact", seq: 25 });
    expect(parseMemberQuery("Nguyễn 25").card).toBeNull();
  });
});
