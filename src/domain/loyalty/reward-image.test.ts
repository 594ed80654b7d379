import { describe, expect, it } from "vitest";
import { sniffImageType } from "./reward-image";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("sniffImageType", () => {
  it("tells JPEG, PNG and WebP by their first bytes", () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0))).toBe("jpeg");
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("png");
    expect(sniffImageType(new TextEncoder().encode("RIFF\u0001\u0000\u0000\u0000WEBPVP8 "))).toBe("webp");
  });

  it("refuses anything else, including a RIFF that is not WebP and a cut-off header", () => {
    expect(sniffImageType(new TextEncoder().encode("GIF89a......"))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("RIFF\u0001\u0000\u0000\u0000WAVEfmt "))).toBeNull();
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e))).toBeNull();
    expect(sniffImageType(bytes())).toBeNull();
  });
});
