import { scanQRCode } from "zmp-sdk/apis";

/**
 * Opens Zalo's camera scanner. Returns the scanned text, or null when no camera scan is
 * possible or the scan was cancelled: outside Zalo the SDK resolves `{content: ""}` on
 * localhost and rejects on other hosts (docs/zalo.md#sdk-outside-zalo). The caller then offers a
 * paste field, which is also what counter staff on a desktop browser use.
 */
export async function scanCode(): Promise<string | null> {
  try {
    const { content } = await scanQRCode();
    const text = typeof content === "string" ? content.trim() : "";
    return text || null;
  } catch {
    return null;
  }
}
